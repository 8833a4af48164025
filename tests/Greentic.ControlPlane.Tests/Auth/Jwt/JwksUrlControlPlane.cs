namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>
/// A control plane fetching its JWKS from a real loopback HTTP server (<c>Greentic:Auth:Jwt:JwksUrl</c>), which starts
/// out publishing <see cref="First"/> only. Scheduled refreshes are an hour apart and refreshes requested by an unknown
/// kid ten minutes apart, so every fetch after the first is the one refresh an unknown kid is allowed to cause.
/// </summary>
public sealed class JwksUrlControlPlane : InProcessControlPlane
{
    public const string JwksPath = "keys/jwks.json";

    public LoopbackFileServer IdentityProvider { get; } = new();
    public SigningKey First { get; } = SigningKey.Create("ES256", "2026-first");
    public SigningKey Second { get; } = SigningKey.Create("RS256", "2026-second");

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await IdentityProvider.StartAsync();
        IdentityProvider.Publish(JwksPath, SigningKey.Jwks(First));
        settings["Greentic:Auth:Jwt:JwksFile"] = "";
        settings["Greentic:Auth:Jwt:JwksUrl"] = IdentityProvider.Url(JwksPath);
        settings["Greentic:Auth:Jwt:Issuer"] = TestJwt.Issuer;
        settings["Greentic:Auth:Jwt:Audience"] = TestJwt.Audience;
        settings["Greentic:Auth:Jwt:JwksRefreshInterval"] = "01:00:00";
        settings["Greentic:Auth:Jwt:JwksMinRefreshInterval"] = "00:10:00";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IdentityProvider.DisposeAsync();
        First.Dispose();
        Second.Dispose();
    }
}
