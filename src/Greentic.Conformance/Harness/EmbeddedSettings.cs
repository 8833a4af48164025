using System.Security.Cryptography;
using Greentic.ControlPlane.Auth;

namespace Greentic.Conformance.Harness;

/// <summary>
/// The configuration of a self-contained control plane kept under one folder: gRPC (h2c) on <c>{dir}/cp.sock</c> and no
/// HTTP endpoint, the dev issuer's JWKS at <c>{dir}/jwks.json</c>, routes in <c>{dir}/routes</c>, SQLite state, the
/// encrypted file secrets backend with a fresh key, and a pack cache. What the conformance suite and the bench run.
/// </summary>
public static class EmbeddedSettings
{
    public static Dictionary<string, string?> Create(string dir, string env) => new()
    {
        ["Greentic:ControlPlane:GrpcAddress"] = "unix://" + Path.Combine(dir, "cp.sock"),
        ["Greentic:ControlPlane:HttpAddress"] = "",
        ["Greentic:Auth:Jwt:Issuer"] = DevTokenIssuer.DefaultIssuer,
        ["Greentic:Auth:Jwt:Audience"] = DevTokenIssuer.DefaultAudience,
        ["Greentic:Auth:Jwt:JwksFile"] = Path.Combine(dir, "jwks.json"),
        ["Greentic:Tenancy:Env"] = env,
        ["Greentic:Routing:Directory"] = Path.Combine(dir, "routes"),
        ["Greentic:Stores:SqlitePath"] = Path.Combine(dir, "state.db"),
        ["Greentic:Secrets:Backend"] = "File",
        ["Greentic:Secrets:FilePath"] = Path.Combine(dir, "secrets.enc"),
        ["Greentic:Secrets:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["PACK_CACHE_DIR"] = Path.Combine(dir, "packs"),
        ["PACK_REFRESH_INTERVAL"] = "0",
    };

    /// <summary>Serves <paramref name="pack"/>'s index to the control plane (verified strictly with its key).</summary>
    public static void Add(Dictionary<string, string?> settings, ComponentPack pack)
    {
        settings["PACK_INDEX_URL"] = pack.IndexFile;
        settings["PACK_PUBLIC_KEY"] = pack.PublicKey;
        settings["PACK_VERIFY_STRICT"] = "true";
    }
}
