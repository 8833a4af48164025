namespace Greentic.ControlPlane.Tests.Auth.TokenCache;

/// <summary>
/// A control plane whose bearer checks have no clock skew and may re-read the JWKS file after 1 s, so the tests can
/// watch a cached token expire and a cached token's key be revoked.
/// </summary>
public sealed class TokenCacheControlPlane : InProcessControlPlane
{
    public string JwksFile => Path.Combine(Dir, "jwks.json");

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Greentic:Auth:Jwt:ClockSkew"] = "00:00:00";
        settings["Greentic:Auth:Jwt:JwksMinRefreshInterval"] = "00:00:01";
        return Task.CompletedTask;
    }
}
