using System.Text.Json.Nodes;
using System.Web;
using Greentic.Oauth.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// The whole broker against a real OpenID Provider: consent URL (PKCE S256, signed state) → login and consent at the
/// OP → code → ExchangeCode → GetToken → expiry → one refresh however many callers ask at once (counted at the OP) →
/// the user revokes the grant at the OP → a clear FAILED_PRECONDITION, then no token.
/// </summary>
[Collection(OAuthCollection.Name)]
public sealed class OAuthFlowTests(OAuthControlPlane cp)
{
    [Fact]
    public async Task Consent_exchange_token_expiry_single_refresh_and_revocation()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        const string subject = "alice@acme.example";

        var url = new Uri((await broker.GetConsentUrlAsync(new GetConsentUrlRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = subject, Scopes = { "profile" },
            RedirectPath = OAuthControlPlane.RedirectPath, ExtraJson = """{"login_hint":"alice"}""",
        }, user)).Url);
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.StartsWith(cp.Op.Issuer, url.AbsoluteUri);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal("openid offline_access profile", query["scope"]);
        Assert.Equal(cp.Op.RedirectBase + OAuthControlPlane.RedirectPath, query["redirect_uri"]);
        Assert.Equal("consent", query["prompt"]);
        Assert.Equal("alice", query["login_hint"]);
        Assert.DoesNotContain(subject, url.AbsoluteUri);
        Assert.DoesNotContain("acme", query["state"]);

        var (code, state) = OidcProvider.CodeAndState(await cp.Op.AuthorizeAsync(url.AbsoluteUri, "alice"));
        var exchanged = JsonNode.Parse((await broker.ExchangeCodeAsync(new ExchangeCodeRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = subject, Code = code,
            RedirectPath = OAuthControlPlane.RedirectPath, State = state,
        }, user)).TokenSetJson)!;
        var first = exchanged["access_token"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal("Bearer", exchanged["token_type"]!.GetValue<string>());
        Assert.Equal(cp.Clock.GetUtcNow().ToUnixTimeSeconds() + (long)OAuthControlPlane.AccessTokenTtl.TotalSeconds, exchanged["expires_at"]!.GetValue<long>());
        Assert.Contains("offline_access", exchanged["scope"]!.GetValue<string>());
        Assert.Null(exchanged["refresh_token"]);
        Assert.NotNull(exchanged["id_token"]);
        Assert.Equal(subject, exchanged["extra"]!["subject"]!.GetValue<string>());
        Assert.Single(await cp.Op.RefreshTokensAsync("alice"));

        // Fresh: the stored set, no request to the OP.
        var refreshesBefore = await cp.Op.TokenRequestsAsync("refresh_token");
        Assert.Equal(first, await AccessToken(broker, user, subject));
        Assert.Equal(refreshesBefore, await cp.Op.TokenRequestsAsync("refresh_token"));

        // Expired: eight callers at once, one refresh at the OP (it rotates refresh tokens: a second use would fail).
        cp.Clock.Advance(OAuthControlPlane.AccessTokenTtl);
        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AccessToken(broker, user, subject)));
        Assert.Equal(refreshesBefore + 1, await cp.Op.TokenRequestsAsync("refresh_token"));
        Assert.Single(tokens.Distinct());
        Assert.NotEqual(first, tokens[0]);
        Assert.Equal(tokens[0], await AccessToken(broker, user, subject));

        // The user revokes the app at the provider: the next refresh fails clearly, and the set is gone.
        await cp.Op.RevokeAsync("alice");
        cp.Clock.Advance(OAuthControlPlane.AccessTokenTtl);
        var refused = await Assert.ThrowsAsync<RpcException>(() => AccessToken(broker, user, subject));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("refused the stored refresh token (invalid_grant", refused.Status.Detail);
        Assert.Contains("GetConsentUrl", refused.Status.Detail);
        Assert.Equal("", (await broker.GetTokenAsync(Request(subject), user)).TokenSetJson);
    }

    [Fact]
    public async Task Exchange_without_state_uses_the_subjects_single_pending_consent_as_the_wit_call_does()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        const string subject = "bob";
        var (code, _) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, subject, "bob");
        var set = JsonNode.Parse((await broker.ExchangeCodeAsync(new ExchangeCodeRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = subject, Code = code, RedirectPath = OAuthControlPlane.RedirectPath,
        }, user)).TokenSetJson)!;
        Assert.Equal(set["access_token"]!.GetValue<string>(), await AccessToken(broker, user, subject));
    }

    [Fact]
    public async Task Get_token_is_empty_without_a_token_set_or_for_scopes_never_granted()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        Assert.Equal("", (await broker.GetTokenAsync(Request("nobody-consented"), user)).TokenSetJson);

        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "carol", "carol");
        await broker.ExchangeCodeAsync(new ExchangeCodeRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = "carol", Code = code,
            RedirectPath = OAuthControlPlane.RedirectPath, State = state,
        }, user);
        var granted = new GetTokenRequest { Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = "carol", Scopes = { "openid" } };
        Assert.NotEqual("", (await broker.GetTokenAsync(granted, user)).TokenSetJson);
        var wider = new GetTokenRequest { Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = "carol", Scopes = { "email" } };
        Assert.Equal("", (await broker.GetTokenAsync(wider, user)).TokenSetJson);
    }

    internal static GetTokenRequest Request(string subject, Greentic.Types.V1.TenantCtx? ctx = null) =>
        new() { Ctx = ctx ?? OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = subject };

    internal static async Task<string> AccessToken(OAuthBrokerService.OAuthBrokerServiceClient broker, Metadata user, string subject)
    {
        var json = (await broker.GetTokenAsync(Request(subject), user)).TokenSetJson;
        Assert.False(string.IsNullOrEmpty(json), $"no token set for {subject}");
        return JsonNode.Parse(json)!["access_token"]!.GetValue<string>();
    }
}
