using System.Text;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Components;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Greentic.Gateway.Tests.Support;
using Greentic.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Greentic.Gateway.Tests.EndToEnd;

/// <summary>
/// The whole ingress and egress path on real peers: a real control plane (gRPC h2c on loopback TCP) whose tenant
/// <see cref="Tenant"/> has a pack carrying upstream's real <c>messaging-provider-telegram.wasm</c> (run in process), a fake
/// Telegram Bot API on TLS that the tenant's egress reaches as <c>api.telegram.org</c>, and the real gateway in front, calling
/// the control plane with a <c>gateway</c>-role token for that tenant.
/// </summary>
public sealed class TelegramControlPlane : PacksControlPlane
{
    public const string Tenant = "tge2e";
    public const string WebhookSecret = "tg-webhook-secret-e2e";

    public FakeTelegramBotApi BotApi { get; private set; } = null!;
    public GatewayUnderTest Gateway { get; private set; } = null!;
    public string GrpcTcpAddress { get; private set; } = "";

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await base.ConfigureAsync(settings);
        BotApi = await FakeTelegramBotApi.StartTlsAsync();
        // IPv6 loopback: the base fixture takes the first http://127.0.0.1 address as its admin (HTTP/1.1) address.
        GrpcTcpAddress = $"http://[::1]:{FreePort.Next()}";
        settings["Greentic:ControlPlane:GrpcAddress"] = GrpcTcpAddress;
        settings[$"Greentic:Network:Tenants:{Tenant}:Domains:0"] = "api.telegram.org";
        settings[$"Greentic:Network:Tenants:{Tenant}:Ports:0"] = "443";
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        // The tenant's egress dials the fake for api.telegram.org:443 and trusts only its certificate. PostConfigure: these
        // services are added before the control plane's own, which set the egress client's primary handler too.
        services.PostConfigure<HttpClientFactoryOptions>(TenantEgress.ClientName, o => o.HttpMessageHandlerBuilderActions.Add(b =>
        {
            var handler = BotApi.Handler();
            handler.AllowAutoRedirect = false;
            b.PrimaryHandler = handler;
        }));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var pack = Builder.BuildProviderPack("tge2e.messaging", "1.0.0",
        [
            new PackedProvider("messaging.telegram.bot", "messaging-provider-telegram", File.ReadAllBytes(RepoPaths.UpstreamComponent("messaging-provider-telegram"))),
        ], secretKeys: ["TELEGRAM_BOT_TOKEN"]);
        PublishIndex((Tenant, pack, []));
        await ReloadAsync(Loaded(Tenant, pack));

        var secrets = Services.GetRequiredService<ISecretsStore>();
        var scope = new TenantContext("dev", Tenant);
        await secrets.PutAsync(SecretName.For(scope, "default", "TELEGRAM_BOT_TOKEN"), Encoding.UTF8.GetBytes(FakeTelegramBotApi.Token), CancellationToken.None);
        await secrets.PutAsync(SecretName.For(scope, "default", "TELEGRAM_WEBHOOK_SECRET_TOKEN"), Encoding.UTF8.GetBytes(WebhookSecret), CancellationToken.None);

        var gatewayToken = Issuer.Issue(new DevTokenRequest { Subject = "greentic-gateway", Tenants = [Tenant], Roles = [GreenticRoles.Gateway] });
        Gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Greentic:Gateway:ControlPlane:Address"] = GrpcTcpAddress,
            ["Greentic:Gateway:ControlPlane:ServiceToken"] = gatewayToken,
        });
    }

    public override async Task DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        await base.DisposeAsync();
        await BotApi.DisposeAsync();
    }
}
