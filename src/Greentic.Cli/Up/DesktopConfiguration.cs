namespace Greentic.Cli.Up;

/// <summary>The configuration <c>greentic up</c> layers under appsettings.json and the environment.</summary>
internal static class DesktopConfiguration
{
    public const string SidecarName = "dummy";

    public static Dictionary<string, string?> Build(DesktopDefaults d, string grpcAddress, string httpAddress, bool sidecar, bool verbose)
    {
        var settings = new Dictionary<string, string?>(DevAuth(d))
        {
            ["Greentic:ControlPlane:GrpcAddress"] = grpcAddress,
            ["Greentic:ControlPlane:HttpAddress"] = httpAddress,
            ["Greentic:Tenancy:DefaultTenant"] = DesktopDefaults.DemoTenant,
            ["Greentic:Routing:Directory"] = d.RoutesDir,
            ["Greentic:Stores:SqlitePath"] = d.StateFile,
            ["Greentic:Secrets:Backend"] = "File",
            ["Greentic:Secrets:FilePath"] = Path.Combine(d.DataDir, "secrets.enc"),
            ["Greentic:Secrets:Key"] = d.SecretsKey,
            ["PACK_CACHE_DIR"] = Path.Combine(d.DataDir, "packs"),
        };
        foreach (var (key, value) in LogLevels.ControlPlane(verbose)) settings[key] = value;
        if (sidecar)
        {
            const string prefix = "Greentic:Sidecars:" + SidecarName + ":";
            settings[prefix + "Command"] = "dotnet";
            settings[prefix + "Args:0"] = Path.Combine(AppContext.BaseDirectory, "greentic-sidecar.dll");
            settings[prefix + "Args:1"] = "--listen";
            settings[prefix + "Args:2"] = "unix://" + d.SidecarSocket;
            settings[prefix + "Args:3"] = "--control-plane";
            settings[prefix + "Args:4"] = grpcAddress;
            settings[prefix + "Address"] = "unix://" + d.SidecarSocket;
            settings[prefix + "Environment:GREENTIC_SIDECAR_TOKEN"] = d.IssueSidecarToken();
            foreach (var (key, value) in LogLevels.Sidecar(verbose)) settings[prefix + "Environment:" + key] = value;
        }
        return settings;
    }

    /// <summary>Trust the data folder's dev issuer (its JWKS file): what <c>up</c> and <c>serve --dev</c> share.</summary>
    public static Dictionary<string, string?> DevAuth(DesktopDefaults d) => new()
    {
        ["Greentic:Auth:Jwt:Issuer"] = Greentic.ControlPlane.Auth.DevTokenIssuer.DefaultIssuer,
        ["Greentic:Auth:Jwt:Audience"] = Greentic.ControlPlane.Auth.DevTokenIssuer.DefaultAudience,
        ["Greentic:Auth:Jwt:JwksFile"] = d.JwksFile,
    };
}
