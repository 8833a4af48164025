using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Greentic.Gateway.Proxy.Health;

/// <summary>YARP's per-cluster client, with <see cref="GrpcHealthProbeHandler"/> in front so probes are judged asynchronously.</summary>
internal sealed class GatewayForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new GrpcHealthProbeHandler(base.WrapHandler(context, handler));
}
