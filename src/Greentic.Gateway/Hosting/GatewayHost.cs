using Greentic.Gateway.Admin;
using Greentic.Gateway.Proxy;
using Greentic.Gateway.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Hosting;

/// <summary>
/// The gateway as a host (the <c>greentic gateway</c> verb runs it). Request path:
/// <list type="number">
/// <item>routing (webhooks and admin are endpoints; every other request is matched against the proxy routes);</item>
/// <item>per-request body limit for proxied calls;</item>
/// <item>per-tenant rate limit;</item>
/// <item>webhook pipeline, admin endpoints, or YARP: gRPC error shaping → idempotent retry → session affinity →
/// load balancing over healthy replicas → passive health → forwarding (HTTP/2, streaming and trailers untouched).</item>
/// </list>
/// </summary>
public static class GatewayHost
{
    /// <param name="args">Command-line configuration (e.g. <c>--Greentic:Gateway:ControlPlane:Address=…</c>).</param>
    /// <param name="configure">Runs before the gateway registers its services: add configuration sources, or
    /// replace an extension point (TimeProvider, IWebhookSecrets, IDedupeStore, IProviderIngress, IEventSink).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        configure?.Invoke(builder);
        // ASP.NET Core's request-start line carries the query string, and a WhatsApp handshake's query carries
        // the verify token: that category never logs below Warning here.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Services.AddGreenticGateway(builder.Configuration);
        var app = builder.Build();
        app.UseGreenticGateway();
        return app;
    }

    public static WebApplication UseGreenticGateway(this WebApplication app)
    {
        var gateway = app.Services.GetRequiredService<IOptionsMonitor<GatewayOptions>>();
        app.UseRouting();
        app.Use((context, next) => LimitProxiedBodies(context, next, gateway));
        // Rate limits turned off (RateLimits:Enabled, read per request so a reload applies at once) skip the limiter
        // middleware altogether instead of running it with a no-op partition.
        app.UseWhen(context => gateway.CurrentValue.RateLimits.Enabled, limited => limited.UseRateLimiter());
        app.MapGatewayAdmin();
        app.MapWebhooks();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<GrpcProxyErrorMiddleware>();
            proxy.UseMiddleware<IdempotentRetryMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static Task LimitProxiedBodies(HttpContext context, RequestDelegate next, IOptionsMonitor<GatewayOptions> gateway)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<WebhookEndpointMetadata>() is null
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = gateway.CurrentValue.Proxy.MaxRequestBodyBytes;
        }
        return next(context);
    }
}
