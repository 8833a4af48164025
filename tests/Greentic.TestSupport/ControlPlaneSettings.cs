using System.Security.Cryptography;
using Greentic.ControlPlane.Auth;

namespace Greentic.TestSupport;

/// <summary>
/// The settings every in-test control plane shares, all under one folder: gRPC on <c>{dir}/cp.sock</c>, a dev
/// issuer's JWKS at <c>{dir}/jwks.json</c>, routes in <c>{dir}/routes</c>, SQLite state, the encrypted file
/// secrets backend with a fresh key, and a pack cache. Fixtures add what is theirs.
/// </summary>
public static class ControlPlaneSettings
{
    public static Dictionary<string, string?> Create(string dir, string? httpAddress = "http://127.0.0.1:0") => new()
    {
        ["Greentic:ControlPlane:GrpcAddress"] = "unix://" + Path.Combine(dir, "cp.sock"),
        ["Greentic:ControlPlane:HttpAddress"] = httpAddress ?? "",
        ["Greentic:Auth:Jwt:Issuer"] = DevTokenIssuer.DefaultIssuer,
        ["Greentic:Auth:Jwt:Audience"] = DevTokenIssuer.DefaultAudience,
        ["Greentic:Auth:Jwt:JwksFile"] = Path.Combine(dir, "jwks.json"),
        ["Greentic:Tenancy:Env"] = "dev",
        ["Greentic:Routing:Directory"] = Path.Combine(dir, "routes"),
        ["Greentic:Stores:SqlitePath"] = Path.Combine(dir, "state.db"),
        ["Greentic:Secrets:Backend"] = "File",
        ["Greentic:Secrets:FilePath"] = Path.Combine(dir, "secrets.enc"),
        ["Greentic:Secrets:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["PACK_CACHE_DIR"] = Path.Combine(dir, "packs"),
    };
}
