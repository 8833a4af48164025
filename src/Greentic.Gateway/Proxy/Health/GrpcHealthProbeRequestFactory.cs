using System.Net;
using System.Net.Http.Headers;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Greentic.Gateway.Proxy.Health;

/// <summary>
/// Builds active health probes. For clusters whose active policy is <see cref="GrpcHealthPolicy.PolicyName"/>
/// the probe is a real gRPC call, <c>POST /grpc.health.v1.Health/Check</c> over HTTP/2 with a framed
/// <c>HealthCheckRequest</c> (service from cluster metadata <c>GrpcHealth.Service</c>), marked so that
/// <see cref="GrpcHealthProbeHandler"/> reads its answer. Other clusters keep YARP's plain
/// <c>GET {Health or Address}{Active.Path}</c>.
/// </summary>
internal sealed class GrpcHealthProbeRequestFactory : IProbingRequestFactory
{
    public HttpRequestMessage CreateRequest(ClusterModel cluster, DestinationModel destination)
    {
        var config = cluster.Config;
        var probeAddress = !string.IsNullOrEmpty(destination.Config.Health) ? destination.Config.Health : destination.Config.Address;
        UriHelper.FromAbsolute(probeAddress, out var scheme, out var host, out var pathBase, out _, out _);
        var isGrpc = string.Equals(config.HealthCheck?.Active?.Policy, GrpcHealthPolicy.PolicyName, StringComparison.OrdinalIgnoreCase);
        HttpRequestMessage request;
        if (isGrpc)
        {
            var service = config.Metadata?.GetValueOrDefault(GrpcHealthProbe.ServiceMetadataKey) ?? "";
            request = new HttpRequestMessage(HttpMethod.Post, UriHelper.BuildAbsolute(scheme, host, pathBase, GrpcHealthProbe.Path))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(GrpcHealthProbe.Frame(new HealthCheckRequest { Service = service })),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TryAddWithoutValidation("te", "trailers");
            request.Options.Set(GrpcHealthProbe.Marker, true);
        }
        else
        {
            var query = QueryString.FromUriComponent(config.HealthCheck?.Active?.Query ?? "");
            request = new HttpRequestMessage(HttpMethod.Get, UriHelper.BuildAbsolute(scheme, host, pathBase, config.HealthCheck?.Active?.Path, query))
            {
                Version = config.HttpRequest?.Version ?? HttpVersion.Version20,
                VersionPolicy = config.HttpRequest?.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
            };
        }
        if (!string.IsNullOrEmpty(destination.Config.Host)) request.Headers.Host = destination.Config.Host;
        request.Headers.UserAgent.ParseAdd("greentic-gateway-health/1");
        return request;
    }
}
