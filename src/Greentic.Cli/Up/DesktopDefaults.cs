using System.Security.Cryptography;
using Greentic.ControlPlane.Auth;

namespace Greentic.Cli.Up;

/// <summary>
/// The embedded defaults of <c>greentic up</c>, kept in one data folder (<c>.greentic/</c>): a dev token issuer
/// and its JWKS, a key for the encrypted secrets file, SQLite state, a routing policy, and a supervised sample
/// sidecar serving <c>messaging.dummy</c>. Files that exist are kept, so a restart keeps tokens, state and secrets.
/// </summary>
internal sealed class DesktopDefaults
{
    public const string DemoTenant = "demo";

    private DesktopDefaults(string dataDir, DevTokenIssuer issuer, string secretsKey)
    {
        DataDir = dataDir;
        Issuer = issuer;
        SecretsKey = secretsKey;
    }

    public string DataDir { get; }
    public DevTokenIssuer Issuer { get; }
    public string SecretsKey { get; }
    public string JwksFile => Path.Combine(DataDir, "jwks.json");
    public string RoutesDir => Path.Combine(DataDir, "routes");
    public string SidecarSocket => Path.Combine(DataDir, "sidecar.sock");
    public string TokenFile => Path.Combine(DataDir, "dev-token.txt");

    public static async Task<DesktopDefaults> PrepareAsync(string dataDir, CancellationToken cancellationToken)
    {
        dataDir = Path.GetFullPath(dataDir);
        Directory.CreateDirectory(dataDir);
        var issuer = DevTokenIssuer.LoadOrCreate(Path.Combine(dataDir, "dev-issuer.json"));
        var defaults = new DesktopDefaults(dataDir, issuer, LoadOrCreateKey(Path.Combine(dataDir, "secrets.key")));
        await issuer.WritePublicJwksAsync(defaults.JwksFile, cancellationToken);
        Directory.CreateDirectory(defaults.RoutesDir);
        var routes = Path.Combine(defaults.RoutesDir, "desktop.yaml");
        if (!File.Exists(routes)) await File.WriteAllTextAsync(routes, DefaultRoutes(defaults.SidecarSocket), cancellationToken);
        return defaults;
    }

    /// <summary>A token for local use: tenant demo, role admin (so secrets can be set), valid for 12 hours.</summary>
    public string IssueDevToken() => Issuer.Issue(new DevTokenRequest { Subject = "dev", Tenants = [DemoTenant], Roles = [GreenticRoles.Admin] });

    /// <summary>The sample sidecar's own identity for its callbacks (desktop mode: a bearer token, not a certificate).</summary>
    public string IssueSidecarToken() => Issuer.Issue(new DevTokenRequest
    {
        Subject = "sidecar:dummy", Tenants = [DemoTenant], Roles = [GreenticRoles.Sidecar], Lifetime = TimeSpan.FromDays(30),
    });

    private static string DefaultRoutes(string sidecarSocket) => $"""
        # Written by `greentic up`; edit freely — changes are picked up without a restart.
        version: 1
        rules:
          - name: echo
            match: {"{"} provider_type: echo {"}"}
            binding: {"{"} transport: inproc, target: echo, timeout: 10s {"}"}
          - name: dummy-sidecar
            match: {"{"} provider_type: messaging.dummy {"}"}
            binding:
              transport: sidecar
              target: unix://{sidecarSocket}
              timeout: 10s
              retry: {"{"} max_attempts: 3, base_delay: 100ms, max_delay: 2s {"}"}
              breaker: {"{"} failure_ratio: 0.5, min_throughput: 10, break_duration: 5s {"}"}
              secrets: [dummy/api_token]
        """;

    private static string LoadOrCreateKey(string path)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }
}
