using Greentic.ControlPlane.Auth;
using Greentic.Oauth.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>Bad input and wrong callers get the right status and a message that says what to fix.</summary>
[Collection(OAuthCollection.Name)]
public sealed class OAuthRefusalTests(OAuthControlPlane cp)
{
    public static TheoryData<string, StatusCode, string> ConsentRefusals() => new()
    {
        { "unknown provider", StatusCode.NotFound, "no OAuth provider 'github' is configured for tenant 'acme' (configured: 'example', 'op'); add Greentic:OAuth:Tenants:acme:Providers:github" },
        { "no provider", StatusCode.InvalidArgument, "provider_id is required" },
        { "no subject", StatusCode.InvalidArgument, "subject is required" },
        { "absolute redirect", StatusCode.InvalidArgument, "redirect_path must be a path starting with a single '/'" },
        { "redirect with query", StatusCode.InvalidArgument, "redirect_path may hold only printable ASCII without spaces, '?'" },
        { "dot segments", StatusCode.InvalidArgument, "redirect_path must not contain '.' or '..' segments" },
        { "bad scope", StatusCode.InvalidArgument, "scope 'a b' is invalid" },
        { "extra not json", StatusCode.InvalidArgument, "extra_json is not JSON" },
        { "extra sets state", StatusCode.InvalidArgument, "extra_json cannot set 'state': the broker sets it" },
    };

    [Theory]
    [MemberData(nameof(ConsentRefusals))]
    public async Task Bad_consent_requests_are_refused_with_what_to_fix(string what, StatusCode expected, string message)
    {
        var request = new GetConsentUrlRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = "judy", RedirectPath = OAuthControlPlane.RedirectPath,
        };
        switch (what)
        {
            case "unknown provider": request.ProviderId = "github"; break;
            case "no provider": request.ProviderId = ""; break;
            case "no subject": request.Subject = ""; break;
            case "absolute redirect": request.RedirectPath = "https://evil.example/cb"; break;
            case "redirect with query": request.RedirectPath = "/cb?x=1"; break;
            case "dot segments": request.RedirectPath = "/oauth/../admin"; break;
            case "bad scope": request.Scopes.Add("a b"); break;
            case "extra not json": request.ExtraJson = "prompt=none"; break;
            case "extra sets state": request.ExtraJson = """{"state":"mine"}"""; break;
        }
        using var channel = cp.Channel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => cp.Broker(channel).GetConsentUrlAsync(request, cp.User("acme")).ResponseAsync);
        Assert.True(ex.StatusCode == expected, $"{what}: {ex.StatusCode} {ex.Status.Detail}");
        Assert.Contains(message, ex.Status.Detail);
    }

    [Fact]
    public async Task Another_tenants_token_is_permission_denied_on_every_method()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var globex = cp.User("globex");
        var calls = new Func<Task>[]
        {
            () => broker.GetConsentUrlAsync(new GetConsentUrlRequest { Ctx = OAuthControlPlane.Acme, ProviderId = "op", Subject = "s", RedirectPath = "/cb" }, globex).ResponseAsync,
            () => broker.ExchangeCodeAsync(new ExchangeCodeRequest { Ctx = OAuthControlPlane.Acme, ProviderId = "op", Subject = "s", Code = "c", RedirectPath = "/cb" }, globex).ResponseAsync,
            () => broker.GetTokenAsync(new GetTokenRequest { Ctx = OAuthControlPlane.Acme, ProviderId = "op", Subject = "s" }, globex).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
            Assert.Contains("is not granted tenant 'acme'", ex.Status.Detail);
        }
    }

    [Fact]
    public async Task A_sidecar_outside_a_provider_call_is_refused()
    {
        using var channel = cp.Channel();
        var sidecar = InProcessControlPlane.Bearer(cp.Issuer.Issue(new DevTokenRequest
        {
            Subject = "sidecar-acme", Tenants = ["acme"], Roles = [GreenticRoles.Sidecar],
        }));
        var ex = await Assert.ThrowsAsync<RpcException>(() => cp.Broker(channel).GetTokenAsync(OAuthFlowTests.Request("alice@acme.example"), sidecar).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("may call back only within a provider call in progress", ex.Status.Detail);
    }

    [Fact]
    public async Task A_missing_client_secret_is_named_when_the_code_is_exchanged()
    {
        var secrets = (Greentic.ControlPlane.Secrets.ISecretsStore)cp.Services.GetService(typeof(Greentic.ControlPlane.Secrets.ISecretsStore))!;
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Globex, "ken", "ken");
        var name = Greentic.ControlPlane.Secrets.SecretName.For(new Greentic.ControlPlane.Tenancy.TenantContext("dev", "globex"), "oauth", "op_client_secret");
        var saved = await secrets.GetAsync(name, CancellationToken.None);
        await secrets.DeleteAsync(name, CancellationToken.None);
        try
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => broker.ExchangeCodeAsync(new ExchangeCodeRequest
            {
                Ctx = OAuthControlPlane.Globex, ProviderId = "op", Subject = "ken", Code = code, RedirectPath = OAuthControlPlane.RedirectPath, State = state,
            }, cp.User("globex")).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
            Assert.Contains("the client secret 'oauth/op_client_secret' of OAuth provider 'op' is not set for tenant 'globex'", ex.Status.Detail);
        }
        finally
        {
            await secrets.PutAsync(name, saved!, CancellationToken.None);
        }
    }
}
