namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>When the key source cannot be read, callers are told it is the server's problem, not their token's.</summary>
public sealed class UnreachableKeysTests
{
    private sealed class MissingJwksControlPlane : InProcessControlPlane
    {
        public LoopbackFileServer IdentityProvider { get; } = new();

        protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
        {
            await IdentityProvider.StartAsync();
            settings["Greentic:Auth:Jwt:JwksFile"] = "";
            settings["Greentic:Auth:Jwt:JwksUrl"] = IdentityProvider.Url("never-published/jwks.json");
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await IdentityProvider.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_jwks_that_cannot_be_fetched_is_reported_as_a_server_side_problem()
    {
        await using var cp = await InProcessControlPlane.StartAsync(new MissingJwksControlPlane());
        var token = cp.Token("acme");
        BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, token), token,
            "the keys that verify bearer tokens could not be loaded (Greentic:Auth:Jwt key source unreachable); try again later");
        Assert.True(cp.IdentityProvider.Hits("never-published/jwks.json") >= 1);
    }
}
