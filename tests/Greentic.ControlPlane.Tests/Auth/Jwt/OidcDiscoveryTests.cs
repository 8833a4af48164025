namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>Keys found by OpenID discovery from a real loopback identity provider, by authority or by metadata address.</summary>
public sealed class OidcDiscoveryTests
{
    [Fact]
    public Task Keys_are_found_from_the_authoritys_discovery_document() => AcceptsItsTokensAsync(new OidcProviderControlPlane());

    [Fact]
    public Task Keys_are_found_from_an_explicit_metadata_address() => AcceptsItsTokensAsync(new OidcMetadataAddressControlPlane());

    private static async Task AcceptsItsTokensAsync(OidcProviderControlPlane fixture)
    {
        await using var cp = await InProcessControlPlane.StartAsync(fixture);
        var token = cp.Token();
        var refusal = await BearerCall.RefusalAsync(cp, token);
        Assert.True(refusal is null, $"{refusal?.StatusCode}: {refusal?.Status.Detail}");
        Assert.Equal(1, cp.IdentityProvider.Hits(OidcProviderControlPlane.DiscoveryPath));
        Assert.Equal(1, cp.IdentityProvider.Hits(OidcProviderControlPlane.KeysPath));

        // Another issuer's token is refused even when its key is the provider's.
        var payload = TestJwt.Payload();
        payload["iss"] = "https://not-this-provider.test";
        var foreign = cp.Key.Token(payload);
        BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, foreign), foreign, "Greentic:Auth:Jwt:Issuer");
    }
}
