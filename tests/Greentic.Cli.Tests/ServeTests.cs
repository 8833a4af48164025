using System.Security.Cryptography;
using Greentic.ControlPlane.Auth;
using Greentic.TestSupport;

namespace Greentic.Cli.Tests;

/// <summary>
/// <c>greentic serve</c>, the production start: configuration only — no dev token, no demo secret — and no start at all
/// without a JWT key source; <c>--dev</c> brings the dev issuer back. And the systemd unit runs it.
/// </summary>
public sealed class ServeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gt-serve-").FullName;
    private readonly DevTokenIssuer _issuer = DevTokenIssuer.CreateEphemeral();

    /// <summary>What an operator configures (here in the environment, as the systemd unit's EnvironmentFile does).</summary>
    private Dictionary<string, string> Production(bool withJwt = true)
    {
        var env = new Dictionary<string, string>
        {
            ["ADMIN_TOKEN"] = "admin-" + Guid.NewGuid().ToString("N"),
            ["Greentic__Routing__Directory"] = Routes(),
            ["Greentic__Stores__SqlitePath"] = Path.Combine(_work, "state.db"),
            ["SECRETS_BACKEND"] = "file",
            ["Greentic__Secrets__FilePath"] = Path.Combine(_work, "secrets.enc"),
            ["GREENTIC_SECRETS_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["PACK_CACHE_DIR"] = Path.Combine(_work, "packs"),
        };
        if (withJwt)
        {
            var jwks = Path.Combine(_work, "jwks.json");
            File.WriteAllText(jwks, _issuer.PublicJwksJson);
            env["Greentic__Auth__Jwt__JwksFile"] = jwks;
            env["Greentic__Auth__Jwt__Issuer"] = DevTokenIssuer.DefaultIssuer;
            env["Greentic__Auth__Jwt__Audience"] = DevTokenIssuer.DefaultAudience;
        }
        return env;
    }

    private string Routes()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, "routes")).FullName;
        File.WriteAllText(Path.Combine(dir, "echo.yaml"), "version: 1\nrules:\n  - name: echo\n    match: { provider_type: echo }\n    binding: { transport: inproc, target: echo }\n");
        return dir;
    }

    [Fact]
    public async Task Without_a_jwt_key_source_serve_refuses_to_start_naming_the_setting()
    {
        var env = Production(withJwt: false);
        env["Greentic__ControlPlane__GrpcAddress"] = "unix://" + Path.Combine(_work, "cp.sock");
        env["Greentic__ControlPlane__HttpAddress"] = $"http://127.0.0.1:{FreePort.Next()}";

        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "serve"], _work, env, TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Greentic__Auth__Jwt__JwksUrl", result.Stderr);
        Assert.False(File.Exists(Path.Combine(_work, "cp.sock")), "it bound an address before refusing");
        Assert.False(Directory.Exists(Path.Combine(_work, ".greentic")), "it wrote dev files");
    }

    [Fact]
    public async Task A_production_start_writes_no_dev_token_and_seeds_no_demo_secret()
    {
        var env = Production();
        await using var serve = await GreenticUpProcess.StartServeAsync(_work, env);

        Assert.False(Directory.Exists(Path.Combine(_work, ".greentic")), "a dev data folder was made");
        Assert.Empty(Directory.EnumerateFiles(_work, "dev-token.txt", SearchOption.AllDirectories));
        Assert.DoesNotContain("Dev token", serve.Output);
        var admin = _issuer.Issue(new DevTokenRequest { Subject = "ops", Tenants = ["demo"], Roles = [GreenticRoles.Admin] });
        var secret = await ProcessRunner.RunAsync(RepoPaths.Dotnet,
            [RepoPaths.GreenticDll, "secrets", "get", "dummy/api_token", "--address", serve.GrpcAddress, "--token", admin], _work);
        Assert.True(secret.ExitCode == 1, secret.ToString());
        Assert.Contains("NOT_FOUND", secret.Stderr);
    }

    [Fact]
    public async Task Serve_dev_trusts_the_data_folders_dev_issuer_and_writes_its_token_owner_only()
    {
        var env = Production(withJwt: false);
        var dataDir = Path.Combine(_work, "dev");
        await using var serve = await GreenticUpProcess.StartServeAsync(_work, env, "--dev", "--data-dir", dataDir);

        var token = Path.Combine(dataDir, "dev-token.txt");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(token));
        var echo = await ProcessRunner.RunAsync(RepoPaths.Dotnet,
            [RepoPaths.GreenticDll, "invoke", "echo", "echo", "--address", serve.GrpcAddress, "--data-dir", dataDir], _work);
        Assert.True(echo.ExitCode == 0, echo.ToString());
    }

    [Fact]
    public async Task The_systemd_unit_runs_serve_and_its_example_configuration_is_refused_until_a_key_source_is_filled_in()
    {
        var unit = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "systemd", "greentic-control-plane.service"));
        var execStart = Assert.Single(unit.Split('\n'), l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..].Split(' ');
        Assert.Equal(["/usr/bin/dotnet", "/opt/greentic/greentic.dll", "serve"], execStart);

        // The example environment file, with its paths moved under this test's folder.
        var env = new Dictionary<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(RepoPaths.Root, "deploy", "systemd", "control-plane.env.example")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var eq = line.IndexOf('=');
            env[line[..eq]] = line[(eq + 1)..].Replace("/var/lib/greentic", _work).Replace("/etc/greentic", _work);
        }
        env["Greentic__ControlPlane__GrpcAddress"] = "unix://" + Path.Combine(_work, "cp.sock");
        env["Greentic__ControlPlane__HttpAddress"] = $"http://127.0.0.1:{FreePort.Next()}";
        Directory.CreateDirectory(Path.Combine(_work, "routes"));

        var result = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, .. execStart[2..]], _work, env, TimeSpan.FromSeconds(90));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Greentic__Auth__Jwt__JwksUrl", result.Stderr);
    }

    public void Dispose()
    {
        _issuer.Dispose();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
