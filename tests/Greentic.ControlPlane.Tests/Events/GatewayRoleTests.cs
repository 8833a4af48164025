using System.Text;
using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Greentic.Events.V1;
using Greentic.Provider.V1;
using Greentic.Secrets.V1;
using Greentic.State.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.Events;

/// <summary>
/// The gateway's service identity (role <c>gateway</c>) on a real control plane: what ingress needs is allowed for its
/// tenants, everything else is refused — other ops, other secrets, writes, state, subscriptions, other tenants.
/// </summary>
public sealed class GatewayRoleTests(EventsControlPlane cp) : IClassFixture<EventsControlPlane>
{
    private const string Tenant = "acme";

    private CallOptions Gateway(params string[] extraRoles) => cp.AsToken(cp.Issuer.Issue(new DevTokenRequest
    {
        Subject = "greentic-gateway", Tenants = [Tenant], Roles = [GreenticRoles.Gateway, .. extraRoles],
    }));

    [Fact]
    public async Task The_gateway_may_describe_invoke_ingest_http_publish_and_read_webhook_secrets_of_its_tenant()
    {
        using var channel = cp.Channel();
        var providers = new ProviderService.ProviderServiceClient(channel.Invoker);
        var described = await providers.DescribeAsync(new DescribeRequest { Ctx = EventsControlPlane.Ctx(Tenant), ProviderType = "echo" }, Gateway());
        Assert.Contains("echo", described.DescribeJson.ToStringUtf8());
        // The echo sample does not know ingest_http: the call reached it (a provider-level answer, not a refusal).
        var ingest = await providers.InvokeAsync(new InvokeRequest { Ctx = EventsControlPlane.Ctx(Tenant), ProviderType = "echo", Op = "ingest_http", InputJson = ByteString.CopyFromUtf8("{}") }, Gateway());
        Assert.Contains("ingest_http", ingest.OutputJson.ToStringUtf8());
        Assert.Contains("invalid-input", ingest.OutputJson.ToStringUtf8());

        var store = cp.Services.GetRequiredService<ISecretsStore>();
        await store.PutAsync(SecretName.For(new TenantContext("dev", Tenant), "default", "TELEGRAM_WEBHOOK_SECRET_TOKEN"), Encoding.UTF8.GetBytes("tg-secret"), default);
        var secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
        var secret = await secrets.GetAsync(new GetRequest { Ctx = EventsControlPlane.Ctx(Tenant), Key = "TELEGRAM_WEBHOOK_SECRET_TOKEN" }, Gateway());
        Assert.Equal("tg-secret", secret.Value.ToStringUtf8());
        var unset = await secrets.GetAsync(new GetRequest { Ctx = EventsControlPlane.Ctx(Tenant), Key = "SLACK_SIGNING_SECRET" }, Gateway());
        Assert.False(unset.HasValue);

        var events = new EventsService.EventsServiceClient(channel.Invoker);
        var published = await events.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(Tenant), Events = { EventsControlPlane.Event("gw-" + Guid.NewGuid()) } }, Gateway());
        Assert.Single(published.Results);
    }

    [Fact]
    public async Task Everything_else_is_refused_with_a_message_naming_the_role()
    {
        using var channel = cp.Channel();
        var providers = new ProviderService.ProviderServiceClient(channel.Invoker);
        var secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
        var state = new StateService.StateServiceClient(channel.Invoker);
        var store = cp.Services.GetRequiredService<ISecretsStore>();
        await store.PutAsync(SecretName.For(new TenantContext("dev", Tenant), "dummy", "api_token"), Encoding.UTF8.GetBytes("not-for-the-gateway"), default);

        var refusals = new (string What, Func<Task> Call)[]
        {
            ("invoke another op", async () => await providers.InvokeAsync(new InvokeRequest { Ctx = EventsControlPlane.Ctx(Tenant), ProviderType = "echo", Op = "echo", InputJson = ByteString.CopyFromUtf8("{}") }, Gateway())),
            ("healthcheck", async () => await providers.HealthcheckAsync(new HealthcheckRequest { Ctx = EventsControlPlane.Ctx(Tenant), ProviderType = "echo" }, Gateway())),
            ("read another secret", async () => await secrets.GetAsync(new GetRequest { Ctx = EventsControlPlane.Ctx(Tenant), Key = "dummy/api_token" }, Gateway())),
            ("write a webhook secret", async () => await secrets.PutAsync(new PutRequest { Ctx = EventsControlPlane.Ctx(Tenant), Key = "TELEGRAM_WEBHOOK_SECRET_TOKEN", Value = ByteString.CopyFromUtf8("x") }, Gateway())),
            ("read state", async () => await state.ReadAsync(new ReadRequest { Ctx = EventsControlPlane.Ctx(Tenant), Prefix = "p", Key = "k" }, Gateway())),
            ("ack events", async () => await new EventsService.EventsServiceClient(channel.Invoker).AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(Tenant), Subscriber = "s", Cursor = "1.x" }, Gateway())),
            ("another role does not widen it", async () => await secrets.GetAsync(new GetRequest { Ctx = EventsControlPlane.Ctx(Tenant), Key = "dummy/api_token" }, Gateway(GreenticRoles.Admin))),
        };
        foreach (var (what, call) in refusals)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(ex.StatusCode == StatusCode.PermissionDenied, $"{what}: {ex.StatusCode} {ex.Status.Detail}");
            Assert.Contains("role 'gateway'", ex.Status.Detail);
            Assert.DoesNotContain("not-for-the-gateway", ex.Status.Detail);
        }

        // Another tenant: tenant authorization refuses even the allowed operations.
        var foreign = await Assert.ThrowsAsync<RpcException>(async () =>
            await secrets.GetAsync(new GetRequest { Ctx = EventsControlPlane.Ctx("globex"), Key = "TELEGRAM_WEBHOOK_SECRET_TOKEN" }, Gateway()));
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);
        Assert.Contains("not granted tenant 'globex'", foreign.Status.Detail);
        var foreignPublish = await Assert.ThrowsAsync<RpcException>(async () =>
            await new EventsService.EventsServiceClient(channel.Invoker).PublishAsync(
                new PublishRequest { Ctx = EventsControlPlane.Ctx("globex"), Events = { EventsControlPlane.Event("x") } }, Gateway()));
        Assert.Equal(StatusCode.PermissionDenied, foreignPublish.StatusCode);
    }
}
