using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// Reads routes and clusters in YARP's configuration shape from a configuration section, fills in what a
/// gRPC edge always wants (HTTP/2 exactly to destinations unless a cluster says otherwise), and builds the
/// default <c>control-plane</c> cluster when nothing is configured.
/// </summary>
internal static class ProxyConfigReader
{
    public const string DefaultClusterId = "control-plane";
    public const string DefaultRouteId = "grpc";

    /// <exception cref="ProxyConfigException">A value that does not bind (e.g. a malformed TimeSpan).</exception>
    public static ProxyConfigSnapshot Read(IConfiguration section, string source, string? controlPlaneAddress)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        try
        {
            foreach (var child in section.GetSection("Routes").GetChildren())
            {
                var route = child.Get<RouteConfig>() ?? new RouteConfig();
                routes.Add(route with { RouteId = child.Key });
            }
            foreach (var child in section.GetSection("Clusters").GetChildren())
            {
                var cluster = child.Get<ClusterConfig>() ?? new ClusterConfig();
                clusters.Add(WithGrpcDefaults(cluster with { ClusterId = child.Key }));
            }
        }
        catch (InvalidOperationException ex)
        {
            throw new ProxyConfigException([$"{source}: {Innermost(ex)}"]);
        }
        if (routes.Count == 0 && clusters.Count == 0 && !string.IsNullOrWhiteSpace(controlPlaneAddress))
        {
            (routes, clusters) = ([DefaultRoute()], [DefaultCluster(controlPlaneAddress)]);
            source = $"{source} (default: control-plane cluster at ControlPlane:Address)";
        }
        return new ProxyConfigSnapshot(routes, clusters, Fingerprint(routes, clusters), source);
    }

    /// <summary>Reads routes and clusters from a JSON file (<c>Proxy:ConfigFile</c>).</summary>
    /// <exception cref="ProxyConfigException">The file is missing, unreadable, not JSON, or does not bind; the only exception this throws.</exception>
    public static ProxyConfigSnapshot ReadFile(string path, string? controlPlaneAddress)
    {
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // JSON syntax errors arrive as FormatException with the line in the inner JsonException.
            var reason = ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message;
            throw new ProxyConfigException([$"{path}: {reason}"]);
        }
        try
        {
            return Read(root, path, controlPlaneAddress);
        }
        catch (Exception ex) when (ex is not (ProxyConfigException or OutOfMemoryException))
        {
            throw new ProxyConfigException([$"{path}: {Innermost(ex)}"]);
        }
    }

    /// <summary>Every gRPC call (content-type application/grpc…) on any path goes to the control plane.</summary>
    internal static RouteConfig DefaultRoute() => new()
    {
        RouteId = DefaultRouteId,
        ClusterId = DefaultClusterId,
        Match = new RouteMatch
        {
            Path = "/{**grpc-path}",
            Headers = [new RouteHeader { Name = "content-type", Values = ["application/grpc"], Mode = HeaderMatchMode.HeaderPrefix }],
        },
    };

    internal static ClusterConfig DefaultCluster(string address) => WithGrpcDefaults(new ClusterConfig
    {
        ClusterId = DefaultClusterId,
        LoadBalancingPolicy = "PowerOfTwoChoices",
        Destinations = new Dictionary<string, DestinationConfig> { ["replica-0"] = new() { Address = address } },
        HealthCheck = new HealthCheckConfig
        {
            // No healthy replica means UNAVAILABLE, not traffic to replicas known to be down (YARP's default is panic mode).
            AvailableDestinationsPolicy = "HealthyAndUnknown",
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = TimeSpan.FromSeconds(5),
                Timeout = TimeSpan.FromSeconds(3),
                Policy = Health.GrpcHealthPolicy.PolicyName,
            },
            Passive = new PassiveHealthCheckConfig { Enabled = true, ReactivationPeriod = TimeSpan.FromSeconds(30) },
        },
    });

    /// <summary>
    /// How long a proxied call may go without a byte either way before YARP ends it, for clusters that do not say.
    /// YARP's own default (100 s) would cut every quiet <c>EventsService.Subscribe</c> stream; a replica that is gone
    /// without a word is found by the forwarder's HTTP/2 keepalive pings instead (<see cref="Health.GatewayForwarderHttpClientFactory"/>).
    /// </summary>
    public static readonly TimeSpan GrpcActivityTimeout = TimeSpan.FromHours(1);

    /// <summary>gRPC needs HTTP/2 end to end; over h2c that means prior knowledge, i.e. exactly version 2.</summary>
    private static ClusterConfig WithGrpcDefaults(ClusterConfig cluster) => cluster.HttpRequest is null
        ? cluster with
        {
            HttpRequest = new ForwarderRequestConfig
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                ActivityTimeout = GrpcActivityTimeout,
            },
        }
        : cluster;

    private static string Fingerprint(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { routes, clusters });
        return Convert.ToHexStringLower(SHA256.HashData(json))[..16];
    }

    private static string Innermost(Exception ex)
    {
        var message = new StringBuilder(ex.Message);
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException) message.Append(": ").Append(inner.Message);
        return message.ToString();
    }
}

/// <summary>A proxy configuration that cannot be applied, with every reason found.</summary>
internal sealed class ProxyConfigException(IReadOnlyList<string> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
