using Greentic.Gateway.Admin;
using Greentic.Gateway.Dedupe;
using Greentic.Gateway.Dispatch;
using Greentic.Gateway.Events;
using Greentic.Gateway.Limits;
using Greentic.Gateway.Proxy;
using Greentic.Gateway.Proxy.Health;
using Greentic.Gateway.Tenancy;
using Greentic.Gateway.Webhooks;
using Greentic.Gateway.Webhooks.Adapters;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;

namespace Greentic.Gateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway. Extension points registered before this call win (TryAdd): <see cref="TimeProvider"/>,
    /// <see cref="IWebhookSecrets"/>, <see cref="IDedupeStore"/>, <see cref="IProviderIngress"/>, <see cref="IEventSink"/>.
    /// </summary>
    public static IServiceCollection AddGreenticGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .PostConfigure(o => GatewayOptions.ApplyUpstreamNames(o, name => configuration[name]));
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>((kestrel, gateway) => GatewayKestrel.Configure(kestrel, gateway.Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RequestTenantResolver>();
        services.AddSingleton<AdminGuard>();
        services.AddTenantRateLimiting();

        // Proxy: YARP with our configuration source, gRPC health probing and idempotent retries.
        services.AddSingleton<IProbingRequestFactory, GrpcHealthProbeRequestFactory>();
        services.AddSingleton<IForwarderHttpClientFactory, GatewayForwarderHttpClientFactory>();
        services.AddReverseProxy();
        services.AddSingleton<IActiveHealthCheckPolicy, GrpcHealthPolicy>();
        services.AddSingleton<ProxyConfigValidator>();
        services.AddSingleton<GatewayProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<GatewayProxyConfigProvider>());
        services.AddSingleton<IConfigChangeListener, ProxyConfigChangeListener>();
        services.AddHostedService<ProxyConfigWatcher>();

        // The control plane, called under the gateway's own identity.
        services.AddSingleton<ControlPlaneChannel>();
        services.TryAddSingleton<IProviderIngress, ControlPlaneProviderIngress>();
        services.TryAddSingleton<IEventSink, ControlPlaneEventSink>();
        services.TryAddSingleton<IWebhookSecrets>(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<GatewayOptions>>();
            IWebhookSecrets source = string.Equals(options.CurrentValue.Secrets.Source, "config", StringComparison.OrdinalIgnoreCase)
                ? new ConfigurationWebhookSecrets(options)
                : new ControlPlaneWebhookSecrets(sp.GetRequiredService<ControlPlaneChannel>(), options);
            return new CachingWebhookSecrets(source, options, sp.GetRequiredService<TimeProvider>());
        });

        // Dedupe, shared by the replicas.
        services.TryAddSingleton<IDedupeStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Dedupe;
            var time = sp.GetRequiredService<TimeProvider>();
            return string.Equals(o.Backend, "postgres", StringComparison.OrdinalIgnoreCase)
                ? new PostgresDedupeStore(o.PostgresConnectionString
                    ?? throw new InvalidOperationException("Greentic:Gateway:Dedupe:Backend is postgres but PostgresConnectionString is not set"), time)
                : new SqliteDedupeStore(o.SqlitePath, time);
        });
        services.AddHostedService<DedupePurgeService>();

        // Webhook adapters.
        services.AddSingleton<BotFrameworkKeySource>();
        services.AddSingleton<IWebhookAdapter, TelegramAdapter>();
        services.AddSingleton<IWebhookAdapter, SlackAdapter>();
        services.AddSingleton<IWebhookAdapter, WhatsAppAdapter>();
        services.AddSingleton<IWebhookAdapter, WebexAdapter>();
        services.AddSingleton<IWebhookAdapter, GenericWebhookAdapter>();
        services.AddSingleton<IWebhookAdapter>(sp => BotFramework(sp, "teams", "messaging.teams.bot"));
        services.AddSingleton<IWebhookAdapter>(sp => BotFramework(sp, "webchat", "messaging.webchat"));
        services.AddSingleton<WebhookPipeline>();
        return services;
    }

    private static BotFrameworkAdapter BotFramework(IServiceProvider sp, string name, string providerType) => new(name, providerType,
        sp.GetRequiredService<IWebhookSecrets>(), sp.GetRequiredService<BotFrameworkKeySource>(),
        sp.GetRequiredService<IOptionsMonitor<GatewayOptions>>(), sp.GetRequiredService<TimeProvider>());
}
