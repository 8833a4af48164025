using System.Security.Cryptography;
using Greentic.ControlPlane.Auth;

namespace Greentic.Cli.Up;

/// <summary>
/// The embedded defaults of <c>greentic up</c>, kept in one data folder (<c>.greentic/</c>, mode 0700): a dev token
/// issuer and its JWKS, a key for the encrypted secrets file, SQLite state, a routing policy, and a supervised sample
/// sidecar serving <c>messaging.dummy</c>. Files that exist are kept, so a restart keeps tokens, state and secrets;
/// every key, token and store file is owner-only (0600).
/// </summary>
internal sealed class DesktopDefaults
{
    public const string DemoTenant = "demo";
    public const string IssuerFileName = "dev-issuer.json";

    /// <summary>Files in the data folder that hold keys, tokens or data: owner-only.</summary>
    private static readonly string[] PrivateFiles =
        [IssuerFileName, "jwks.json", "dev-token.txt", "secrets.key", "secrets.enc", "secrets.enc.lock", "state.db", "state.db-wal", "state.db-shm"];

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
    public string TokenFile => Path.Combine(DataDir, Client.TokenResolver.TokenFileName);
    public string StateFile => Path.Combine(DataDir, "state.db");

    /// <param name="sidecar">Whether the sample sidecar runs: the demo route for <c>messaging.dummy</c> follows it.</param>
    public static async Task<DesktopDefaults> PrepareAsync(string dataDir, bool sidecar, CancellationToken cancellationToken)
    {
        var defaults = await PrepareAuthAsync(dataDir, cancellationToken);
        Directory.CreateDirectory(defaults.RoutesDir);
        if (!await DesktopRoutes.WriteAsync(defaults.RoutesDir, defaults.SidecarSocket, sidecar, cancellationToken) && !sidecar)
            defaults.RoutesWarning = $"{Path.Combine(defaults.RoutesDir, DesktopRoutes.FileName)} was edited, so it was left as it is; " +
                                   "with --no-sidecar, a rule pointing at the sample sidecar's socket finds nothing there";
        return defaults;
    }

    /// <summary>Only what a dev issuer needs (<c>greentic serve --dev</c>, <c>greentic token issue</c>): the folder, the issuer and its JWKS.</summary>
    public static async Task<DesktopDefaults> PrepareAuthAsync(string dataDir, CancellationToken cancellationToken)
    {
        dataDir = Path.GetFullPath(dataDir);
        OwnerOnlyFiles.CreateDirectory(dataDir);
        foreach (var file in PrivateFiles) OwnerOnlyFiles.Restrict(Path.Combine(dataDir, file));
        var issuer = DevTokenIssuer.LoadOrCreate(Path.Combine(dataDir, IssuerFileName));
        var defaults = new DesktopDefaults(dataDir, issuer, LoadOrCreateKey(Path.Combine(dataDir, "secrets.key")));
        await OwnerOnlyFiles.WriteAllTextAsync(defaults.JwksFile, issuer.PublicJwksJson, cancellationToken);
        return defaults;
    }

    /// <summary>Set when the routes file could not follow <c>--no-sidecar</c>; <c>up</c> prints it.</summary>
    public string? RoutesWarning { get; private set; }

    /// <summary>A token for local use: tenant demo, role admin (so secrets can be set), valid for 12 hours.</summary>
    public string IssueDevToken() => Issuer.Issue(new DevTokenRequest { Subject = "dev", Tenants = [DemoTenant], Roles = [GreenticRoles.Admin] });

    /// <summary>Writes <see cref="IssueDevToken"/> to <see cref="TokenFile"/> (0600) and returns it.</summary>
    public async Task<string> WriteDevTokenAsync(CancellationToken cancellationToken)
    {
        var token = IssueDevToken();
        await OwnerOnlyFiles.WriteAllTextAsync(TokenFile, token, cancellationToken);
        return token;
    }

    /// <summary>
    /// The sample sidecar's own identity for its callbacks (desktop mode: a bearer token, not a certificate). It names
    /// no tenant: the control plane grants it the tenant of each provider call it serves, for that call only, so the
    /// sidecar serves every tenant the routes send it.
    /// </summary>
    public string IssueSidecarToken() => Issuer.Issue(new DevTokenRequest
    {
        Subject = "sidecar:dummy", Roles = [GreenticRoles.Sidecar], Lifetime = TimeSpan.FromDays(30),
    });

    private static string LoadOrCreateKey(string path)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFiles.FileMode;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(key);
        return key;
    }
}
