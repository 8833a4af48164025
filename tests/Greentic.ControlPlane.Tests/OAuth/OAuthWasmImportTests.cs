using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Oauth.V1;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// The broker as the Wasm host import <c>greentic:oauth-broker/broker-v1@1.0.0</c>, end to end: the <c>oauthclient</c>
/// sample component, loaded from a signed pack, asks for a consent URL, exchanges the code the real OP redirected with
/// and reads the token — the same token set OAuthBrokerService holds. The import is linked only when the component's
/// manifest declares <c>host.oauth</c> and the tenant has OAuth providers; otherwise the component does not load, and
/// the error names the import.
/// </summary>
public sealed class OAuthWasmImportTests(OAuthPacksControlPlane cp) : IClassFixture<OAuthPacksControlPlane>
{
    private static readonly Greentic.Types.V1.TenantCtx Acme = new() { Env = "dev", Tenant = "acme" };
    private static readonly Greentic.Types.V1.TenantCtx Globex = new() { Env = "dev", Tenant = "globex" };

    [Fact]
    public async Task A_component_runs_the_consent_flow_through_the_host_and_unlinked_ones_fail_to_load()
    {
        var pack = cp.BuildPack();
        cp.PublishIndex(("acme", pack, []), ("globex", pack, []));
        await cp.ReloadAsync(s => PacksControlPlane.Loaded("acme", pack)(s) && PacksControlPlane.Loaded("globex", pack)(s));
        using var channel = cp.Channel();
        var providers = new ProviderService.ProviderServiceClient(channel.Invoker);
        var acme = cp.BearerFor("acme");

        var consent = await Invoke(providers, acme, Acme, "oauth.sample", "consent",
            $$"""{"provider":"op","subject":"wasm-user","scope":"profile","redirect_path":"{{OAuthControlPlane.RedirectPath}}"}""");
        var url = consent["url"]!.GetValue<string>();
        Assert.StartsWith(cp.Op.Issuer, url);
        Assert.Contains("code_challenge_method=S256", url);
        var (code, _) = OidcProvider.CodeAndState(await cp.Op.AuthorizeAsync(url, "wasm-user"));

        var exchanged = await Invoke(providers, acme, Acme, "oauth.sample", "exchange",
            $$"""{"provider":"op","subject":"wasm-user","code":"{{code}}","redirect_path":"{{OAuthControlPlane.RedirectPath}}"}""");
        var accessToken = JsonNode.Parse(exchanged["token_set"]!.GetValue<string>())!["access_token"]!.GetValue<string>();
        var read = await Invoke(providers, acme, Acme, "oauth.sample", "token", """{"provider":"op","subject":"wasm-user","scope":"openid"}""");
        Assert.Equal(accessToken, JsonNode.Parse(read["token_set"]!.GetValue<string>())!["access_token"]!.GetValue<string>());
        var viaService = (await new OAuthBrokerService.OAuthBrokerServiceClient(channel.Invoker).GetTokenAsync(new GetTokenRequest
        {
            Ctx = Acme, ProviderId = "op", Subject = "wasm-user",
        }, acme)).TokenSetJson;
        Assert.Contains(accessToken, viaService);

        // The broker's refusals reach the guest as empty strings (broker-v1 has no error type).
        var unknown = await Invoke(providers, acme, Acme, "oauth.sample", "token", """{"provider":"nope","subject":"wasm-user"}""");
        Assert.Equal("", unknown["token_set"]!.GetValue<string>());

        foreach (var (provider, ctx, tenant) in new[] { ("oauth.undeclared", Acme, "acme"), ("oauth.sample", Globex, "globex") })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Invoke(providers, cp.BearerFor(tenant), ctx, provider, "token", """{"provider":"op","subject":"x"}"""));
            Assert.True(ex.StatusCode == StatusCode.FailedPrecondition, $"{provider} for {tenant}: {ex.StatusCode} {ex.Status.Detail}");
            Assert.Contains("greentic:oauth-broker/broker-v1@1.0.0", ex.Status.Detail);
        }
    }

    private static async Task<JsonNode> Invoke(ProviderService.ProviderServiceClient providers, Metadata headers, Greentic.Types.V1.TenantCtx ctx,
        string provider, string op, string input)
    {
        var output = (await providers.InvokeAsync(new InvokeRequest
        {
            Ctx = ctx, ProviderType = provider, Op = op, InputJson = ByteString.CopyFromUtf8(input),
        }, headers, DateTime.UtcNow.AddSeconds(60))).OutputJson.ToStringUtf8();
        var json = JsonNode.Parse(output)!;
        Assert.True(json["ok"]!.GetValue<bool>(), output);
        return json;
    }
}
