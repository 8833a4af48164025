using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Secrets.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>Tokens from a JWKS file that the JwtBearer setup accepts, and the grants they carry once accepted.</summary>
public sealed class JwtBearerAcceptanceTests(JwksFileControlPlane cp) : IClassFixture<JwksFileControlPlane>
{
    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    public async Task A_token_signed_by_a_trusted_key_with_an_allowed_algorithm_is_accepted_for_its_tenants(string alg)
    {
        var token = cp.Key(alg).Token(TestJwt.Payload());
        var ok = await BearerCall.RefusalAsync(cp, token);
        Assert.True(ok is null, $"{alg}: {ok?.StatusCode} {ok?.Status.Detail}");

        var other = await BearerCall.RefusalAsync(cp, token, tenant: "globex");
        Assert.Equal(StatusCode.PermissionDenied, other?.StatusCode);
        Assert.Contains("'alice' is not granted tenant 'globex'", other!.Status.Detail);
    }

    [Fact]
    public async Task A_token_without_a_kid_is_verified_against_the_trusted_keys()
    {
        var payload = TestJwt.Payload();
        var withoutKid = TestJwt.Sign(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT" }, payload, cp.Es256.Sign);
        Assert.Null(await BearerCall.RefusalAsync(cp, withoutKid));

        using var stranger = SigningKey.Create("ES256", "unused");
        var forged = TestJwt.Sign(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT" }, payload, stranger.Sign);
        Assert.Equal(StatusCode.Unauthenticated, (await BearerCall.RefusalAsync(cp, forged))?.StatusCode);
    }

    [Fact]
    public async Task Expiry_and_not_before_are_checked_with_the_clock_skew()
    {
        var now = DateTimeOffset.UtcNow;
        var justExpired = TestJwt.Payload();
        justExpired["iat"] = now.AddMinutes(-10).ToUnixTimeSeconds();
        justExpired["exp"] = now.AddSeconds(-20).ToUnixTimeSeconds();
        Assert.Null(await BearerCall.RefusalAsync(cp, cp.Es256.Token(justExpired)));

        var almostValid = TestJwt.Payload();
        almostValid["nbf"] = now.AddSeconds(20).ToUnixTimeSeconds();
        Assert.Null(await BearerCall.RefusalAsync(cp, cp.Es256.Token(almostValid)));
    }

    [Fact]
    public async Task Audience_arrays_and_a_single_tenant_claim_are_understood()
    {
        var payload = TestJwt.Payload();
        payload["aud"] = new JsonArray("someone-else", TestJwt.Audience);
        payload.Remove("tenants");
        payload["tenant"] = "acme";
        Assert.Null(await BearerCall.RefusalAsync(cp, cp.Rs256.Token(payload)));
    }

    [Fact]
    public async Task Team_grants_and_roles_from_the_token_are_enforced()
    {
        var payload = TestJwt.Payload();
        payload["teams"] = new JsonArray("acme/support");
        var token = cp.Ps256.Token(payload);
        var noTeam = await BearerCall.RefusalAsync(cp, token);
        Assert.Equal(StatusCode.PermissionDenied, noTeam?.StatusCode);
        Assert.Contains("restricted to teams 'support'", noTeam!.Status.Detail);

        using var channel = cp.Channel();
        var secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
        var put = new PutRequest { Ctx = new TenantCtx { Env = "dev", Tenant = "acme", Team = "support" }, Key = "app/token", Value = ByteString.CopyFromUtf8("v") };
        var notAdmin = await Assert.ThrowsAsync<RpcException>(() => secrets.PutAsync(put, InProcessControlPlane.Bearer(token)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, notAdmin.StatusCode);
        Assert.Contains("requires role 'admin'", notAdmin.Status.Detail);

        payload["roles"] = "viewer admin";
        await secrets.PutAsync(put, InProcessControlPlane.Bearer(cp.Ps256.Token(payload)), DateTime.UtcNow.AddSeconds(30));
    }
}

/// <summary>Claim names are configurable, nested paths included.</summary>
public sealed class JwtClaimNamesTests(CustomClaimsControlPlane cp) : IClassFixture<CustomClaimsControlPlane>
{
    [Fact]
    public async Task Subject_tenants_and_roles_come_from_the_configured_claims()
    {
        var payload = TestJwt.Payload();
        payload.Remove("sub");
        payload.Remove("tenants");
        payload["email"] = "bob@example.com";
        payload["https://greentic.ai/tenants"] = new JsonArray("acme", "bad tenant!");
        payload["realm_access"] = new JsonObject { ["roles"] = new JsonArray("admin") };
        payload["roles"] = "ignored";
        var token = cp.Es256.Token(payload);

        Assert.Null(await BearerCall.RefusalAsync(cp, token));
        var other = await BearerCall.RefusalAsync(cp, token, tenant: "globex");
        Assert.Contains("'bob@example.com' is not granted tenant 'globex' (granted: 'acme')", other!.Status.Detail);

        using var channel = cp.Channel();
        await new SecretsService.SecretsServiceClient(channel.Invoker).PutAsync(
            new PutRequest { Ctx = new TenantCtx { Env = "dev", Tenant = "acme" }, Key = "app/token", Value = ByteString.CopyFromUtf8("v") },
            InProcessControlPlane.Bearer(token), DateTime.UtcNow.AddSeconds(30));

        payload.Remove("email");
        payload["sub"] = "carol";
        var withoutSubject = cp.Es256.Token(payload);
        BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, withoutSubject), withoutSubject, "no 'email' (subject) claim");
    }
}
