using System.Text.Json.Nodes;

namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>
/// A control plane that finds its keys by OpenID discovery: <c>Greentic:Auth:Jwt:Authority</c> is a loopback HTTP
/// server serving <c>/.well-known/openid-configuration</c>, whose <c>jwks_uri</c> points at that server's key set.
/// With <see cref="UseMetadataAddress"/>, the discovery document's URL is given instead of the authority.
/// </summary>
public class OidcProviderControlPlane : InProcessControlPlane
{
    public const string DiscoveryPath = ".well-known/openid-configuration";
    public const string KeysPath = "oauth2/v1/keys";

    public LoopbackFileServer IdentityProvider { get; } = new();
    public SigningKey Key { get; } = SigningKey.Create("PS256", "oidc-key-1");
    public string Authority => IdentityProvider.BaseUrl;

    protected virtual bool UseMetadataAddress => false;

    /// <summary>A token from this identity provider (its issuer is the authority URL).</summary>
    public string Token()
    {
        var payload = TestJwt.Payload();
        payload["iss"] = Authority;
        return Key.Token(payload);
    }

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await IdentityProvider.StartAsync();
        IdentityProvider.Publish(DiscoveryPath, new JsonObject
        {
            ["issuer"] = Authority,
            ["jwks_uri"] = IdentityProvider.Url(KeysPath),
            ["authorization_endpoint"] = IdentityProvider.Url("oauth2/v1/authorize"),
            ["token_endpoint"] = IdentityProvider.Url("oauth2/v1/token"),
            ["response_types_supported"] = new JsonArray("code"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("PS256"),
        }.ToJsonString());
        IdentityProvider.Publish(KeysPath, SigningKey.Jwks(Key));
        settings["Greentic:Auth:Jwt:JwksFile"] = "";
        settings[UseMetadataAddress ? "Greentic:Auth:Jwt:MetadataAddress" : "Greentic:Auth:Jwt:Authority"] =
            UseMetadataAddress ? IdentityProvider.Url(DiscoveryPath) : Authority;
        settings["Greentic:Auth:Jwt:Issuer"] = Authority;
        settings["Greentic:Auth:Jwt:Audience"] = TestJwt.Audience;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await IdentityProvider.DisposeAsync();
        Key.Dispose();
    }
}

public sealed class OidcMetadataAddressControlPlane : OidcProviderControlPlane
{
    protected override bool UseMetadataAddress => true;
}
