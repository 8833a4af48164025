using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Greentic.Gateway.Proxy.Health;

/// <summary>
/// YARP's per-cluster client, with <see cref="GrpcHealthProbeHandler"/> in front so probes are judged asynchronously, and
/// HTTP/2 keepalive pings while calls are open, so a replica that vanished without closing its connections fails its
/// streams within <see cref="KeepAlivePingDelay"/> + <see cref="KeepAlivePingTimeout"/> instead of at the activity timeout.
/// </summary>
internal sealed class GatewayForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(10);

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.KeepAlivePingDelay = KeepAlivePingDelay;
        handler.KeepAlivePingTimeout = KeepAlivePingTimeout;
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new GrpcHealthProbeHandler(base.WrapHandler(context, handler));
}
