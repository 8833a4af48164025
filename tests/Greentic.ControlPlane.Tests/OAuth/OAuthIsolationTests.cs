using Greentic.ControlPlane.OAuth;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Greentic.Oauth.V1;
using Greentic.State.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// A subject of tenant A never gets tenant B's token: token sets are kept per {tenant, provider, subject}, the same
/// subject and provider id in another tenant finds nothing, and a sealed record copied into another tenant's scope
/// does not open there. Records are sealed at rest: the state store holds no token text.
/// </summary>
[Collection(OAuthCollection.Name)]
public sealed class OAuthIsolationTests(OAuthControlPlane cp)
{
    [Fact]
    public async Task The_same_subject_in_another_tenant_gets_no_token_even_from_a_copied_record()
    {
        using var channel = cp.Channel();
        var broker = cp.Broker(channel);
        var (code, state) = await cp.ConsentAsync(broker, OAuthControlPlane.Acme, "shared-subject", "shared-subject");
        var acmeSet = (await broker.ExchangeCodeAsync(new ExchangeCodeRequest
        {
            Ctx = OAuthControlPlane.Acme, ProviderId = OAuthControlPlane.Provider, Subject = "shared-subject", Code = code,
            RedirectPath = OAuthControlPlane.RedirectPath, State = state,
        }, cp.User("acme"))).TokenSetJson;
        var accessToken = System.Text.Json.Nodes.JsonNode.Parse(acmeSet)!["access_token"]!.GetValue<string>();

        var globexRequest = OAuthFlowTests.Request("shared-subject", OAuthControlPlane.Globex);
        Assert.Equal("", (await broker.GetTokenAsync(globexRequest, cp.User("globex"))).TokenSetJson);

        // Copy acme's sealed record, byte for byte, to where globex's would be: it does not open under globex's name.
        var store = cp.Services.GetRequiredService<IStateStore>();
        var key = $"tokens/{OAuthControlPlane.Provider}/{OAuthStore.SubjectKey("shared-subject")}";
        var acme = new StateKey(new TenantContext("dev", "acme"), OAuthStore.Prefix, key);
        var globex = new StateKey(new TenantContext("dev", "globex"), OAuthStore.Prefix, key);
        var sealedRecord = await store.ReadAsync(acme, CancellationToken.None);
        Assert.NotNull(sealedRecord);
        Assert.DoesNotContain(accessToken, System.Text.Encoding.UTF8.GetString(sealedRecord!));
        await store.WriteAsync(globex, sealedRecord, CancellationToken.None);
        Assert.Equal("", (await broker.GetTokenAsync(globexRequest, cp.User("globex"))).TokenSetJson);
        Assert.Contains(accessToken, (await broker.GetTokenAsync(OAuthFlowTests.Request("shared-subject"), cp.User("acme"))).TokenSetJson);
    }

    [Fact]
    public async Task StateService_does_not_open_the_brokers_namespace()
    {
        using var channel = cp.Channel();
        var state = new StateService.StateServiceClient(channel.Invoker);
        var ex = await Assert.ThrowsAsync<RpcException>(() => state.ReadAsync(new ReadRequest
        {
            Ctx = OAuthControlPlane.Acme, Prefix = OAuthStore.Prefix, Key = "tokens/op/x",
        }, cp.User("acme")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("belongs to the OAuth broker", ex.Status.Detail);
    }
}
