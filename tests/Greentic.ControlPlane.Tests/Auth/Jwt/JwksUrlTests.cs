namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>A JWKS served over HTTP: fetched once, and a rotated key is picked up by the refresh an unknown kid requests.</summary>
public sealed class JwksUrlTests(JwksUrlControlPlane cp) : IClassFixture<JwksUrlControlPlane>
{
    [Fact]
    public async Task A_new_kid_is_picked_up_after_refresh_on_unknown_kid_and_made_up_kids_cause_no_more_fetches()
    {
        var first = cp.First.Token(TestJwt.Payload());
        Assert.Null(await BearerCall.RefusalAsync(cp, first));
        Assert.Null(await BearerCall.RefusalAsync(cp, first));
        Assert.Equal(1, cp.IdentityProvider.Hits(JwksUrlControlPlane.JwksPath));

        // The issuer rotates: the new key is published beside the old one, and tokens signed with it start arriving.
        cp.IdentityProvider.Publish(JwksUrlControlPlane.JwksPath, SigningKey.Jwks(cp.First, cp.Second));
        var second = cp.Second.Token(TestJwt.Payload());
        var refusal = await BearerCall.RefusalAsync(cp, second);
        for (var deadline = DateTime.UtcNow.AddSeconds(30); refusal is not null && DateTime.UtcNow < deadline; refusal = await BearerCall.RefusalAsync(cp, second))
        {
            Assert.Contains("no key in the configured JWKS matches", refusal.Status.Detail);
            await Task.Delay(100);
        }
        Assert.True(refusal is null, $"the rotated key was never picked up: {refusal?.Status.Detail}");
        Assert.Equal(2, cp.IdentityProvider.Hits(JwksUrlControlPlane.JwksPath));
        Assert.Null(await BearerCall.RefusalAsync(cp, first));

        // Refresh on an unknown kid is rate limited: a flood of made-up kids fetches nothing more.
        using var stranger = SigningKey.Create("ES256", "stranger");
        for (var i = 0; i < 20; i++)
        {
            var bogus = stranger.Token(TestJwt.Payload(), kid: $"made-up-{i}");
            BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, bogus), bogus, "no key in the configured JWKS matches");
        }
        Assert.Equal(2, cp.IdentityProvider.Hits(JwksUrlControlPlane.JwksPath));
    }
}
