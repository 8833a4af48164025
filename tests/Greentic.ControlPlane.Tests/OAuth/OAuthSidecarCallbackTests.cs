using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Oauth.V1;
using Greentic.Provider.V1;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// A sidecar reaches the broker through the callback rules: with role <c>sidecar</c>, inside a provider call in progress,
/// for exactly that call's tenant. Routed as provider <c>oauth.caller</c> to <see cref="OAuthCallingSidecar"/>.
/// </summary>
[Collection(OAuthCollection.Name)]
public sealed class OAuthSidecarCallbackTests(OAuthControlPlane cp)
{
    [Fact]
    public async Task A_sidecar_gets_the_token_of_the_tenant_whose_call_it_serves_and_no_other()
    {
        var sidecarToken = cp.Issuer.Issue(new DevTokenRequest
        {
            Subject = "oauth-sidecar", Tenants = ["acme", "globex"], Roles = [GreenticRoles.Sidecar],
        });
        await using var sidecar = await OAuthCallingSidecar.StartAsync(cp.SidecarSocket, cp.GrpcTarget, sidecarToken);
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "sidecar-subject", "sidecar-subject");
        var exchanged = JsonNode.Parse((await broker.ExchangeCodeAsync(new ExchangeCodeRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = "sidecar-subject", Code = code,
            RedirectPath = OAuthControlPlane.RedirectPath, State = state,
        }, cp.User("acme"))).TokenSetJson)!;

        var providers = new ProviderService.ProviderServiceClient(channel.Invoker);
        var served = await Invoke(providers, """{"subject":"sidecar-subject"}""");
        Assert.True(served["ok"]!.GetValue<bool>(), served.ToJsonString());
        var set = JsonNode.Parse(served["token_set"]!.GetValue<string>())!;
        Assert.Equal(exchanged["access_token"]!.GetValue<string>(), set["access_token"]!.GetValue<string>());

        // The same sidecar, granted globex too, asking for globex inside an acme call: refused.
        var widened = await Invoke(providers, """{"subject":"sidecar-subject","tenant":"globex"}""");
        Assert.False(widened["ok"]!.GetValue<bool>());
        Assert.Equal("PermissionDenied", widened["error"]!["code"]!.GetValue<string>());
        Assert.Contains("may call back only within a provider call in progress for tenant 'globex'", widened["error"]!["message"]!.GetValue<string>());
    }

    // No deadline: this fixture's clock is moved by other tests, and bindings measure deadlines on it.
    private async Task<JsonNode> Invoke(ProviderService.ProviderServiceClient providers, string input) =>
        JsonNode.Parse((await providers.InvokeAsync(new InvokeRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderType = "oauth.caller", Op = "get_token", InputJson = ByteString.CopyFromUtf8(input),
        }, cp.User("acme"))).OutputJson.ToStringUtf8())!;
}
