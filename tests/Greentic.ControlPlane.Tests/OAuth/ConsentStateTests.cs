using Greentic.Oauth.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// The consent <c>state</c> against a real OP's redirects: altered in any part, or presented for another subject,
/// provider path or tenant, it does not verify (INVALID_ARGUMENT) and the genuine one still works afterwards; used
/// twice, or after the consent lifetime, it is refused (FAILED_PRECONDITION) with what to do next.
/// </summary>
[Collection(OAuthCollection.Name)]
public sealed class ConsentStateTests(OAuthControlPlane cp)
{
    [Fact]
    public async Task Tampered_states_are_refused_and_leave_the_genuine_flow_usable()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "dave", "dave");
        var parts = state.Split('.');
        Assert.Equal(3, parts.Length);
        var forgeries = new Dictionary<string, string>
        {
            ["flipped mac"] = $"{parts[0]}.{parts[1]}.{Flip(parts[2])}",
            ["other nonce"] = $"{Flip(parts[0])}.{parts[1]}.{parts[2]}",
            ["later expiry"] = $"{parts[0]}.{long.Parse(parts[1]) + 3600}.{parts[2]}",
            ["truncated"] = state[..^4],
            ["not a state"] = "hello",
        };
        foreach (var (what, forged) in forgeries)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "dave", code, forged));
            Assert.True(ex.StatusCode == StatusCode.InvalidArgument, $"{what}: {ex.StatusCode} {ex.Status.Detail}");
            Assert.Contains("the state does not verify", ex.Status.Detail);
        }
        // The state of dave's consent, presented for another subject.
        var other = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "mallory", code, state));
        Assert.Equal(StatusCode.InvalidArgument, other.StatusCode);

        Assert.Contains("access_token", (await Exchange(broker, user, "dave", code, state)).TokenSetJson);
    }

    [Fact]
    public async Task A_state_is_single_use()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "erin", "erin");
        await Exchange(broker, user, "erin", code, state);

        var replay = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "erin", code, state));
        Assert.Equal(StatusCode.FailedPrecondition, replay.StatusCode);
        Assert.Contains("already used", replay.Status.Detail);
        Assert.Contains("GetConsentUrl", replay.Status.Detail);
        var noState = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "erin", code, ""));
        Assert.Equal(StatusCode.FailedPrecondition, noState.StatusCode);
        Assert.Contains("no consent is pending", noState.Status.Detail);
    }

    [Fact]
    public async Task A_state_expires_with_its_consent()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "frank", "frank");
        cp.Clock.Advance(TimeSpan.FromMinutes(11));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "frank", code, state));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("the consent expired", ex.Status.Detail);
    }

    [Fact]
    public async Task The_state_of_one_tenant_does_not_verify_in_another()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "grace", "grace");
        var ex = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, cp.User("globex"), "grace", code, state, OAuthControlPlane.Globex));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("the state does not verify", ex.Status.Detail);
    }

    [Fact]
    public async Task The_redirect_path_must_be_the_consents()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "heidi", "heidi");
        var ex = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "heidi", code, state, redirectPath: OAuthControlPlane.OtherRedirectPath));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("redirect_path differs", ex.Status.Detail);
    }

    [Fact]
    public async Task Two_pending_consents_need_the_state_to_tell_them_apart()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var user = cp.User("acme");
        var (code, _) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "ivan", "ivan");
        var (_, secondState) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "ivan", "ivan");
        var ex = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "ivan", code, ""));
        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Contains("pass the state from the redirect", ex.Status.Detail);
        // The first code with the second consent's state: the OP refuses it (PKCE verifier of another flow).
        var mixed = await Assert.ThrowsAsync<RpcException>(() => Exchange(broker, user, "ivan", code, secondState));
        Assert.Equal(StatusCode.InvalidArgument, mixed.StatusCode);
        Assert.Contains("refused the authorization code (invalid_grant", mixed.Status.Detail);
    }

    private static Task<ExchangeCodeResponse> Exchange(OAuthBrokerService.OAuthBrokerServiceClient broker, Metadata user, string subject, string code,
        string state, Greentic.Types.V1.TenantCtx? ctx = null, string redirectPath = OAuthControlPlane.RedirectPath) =>
        broker.ExchangeCodeAsync(new ExchangeCodeRequest
        {
            Ctx = ctx ?? OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = subject, Code = code,
            RedirectPath = redirectPath, State = state,
        }, user).ResponseAsync;

    private static string Flip(string text) => (text[0] == 'A' ? "B" : "A") + text[1..];
}
