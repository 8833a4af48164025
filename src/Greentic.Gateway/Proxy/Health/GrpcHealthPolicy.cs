using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Greentic.Gateway.Proxy.Health;

/// <summary>
/// The active health policy for gRPC replicas (<c>HealthCheck:Active:Policy = "GrpcHealth"</c>). Each probe
/// is a <c>grpc.health.v1.Health/Check</c> call (<see cref="GrpcHealthProbeRequestFactory"/>) already judged
/// by <see cref="GrpcHealthProbeHandler"/>: SERVING marks the destination healthy at once; anything else — a
/// refused connection, a timeout, NOT_SERVING, UNIMPLEMENTED — counts as a failure, and
/// <c>GrpcHealth.UnhealthyThreshold</c> consecutive failures (default 1) mark it unhealthy, which takes it
/// out of load balancing until a probe succeeds again.
/// </summary>
internal sealed class GrpcHealthPolicy(IDestinationHealthUpdater healthUpdater, ILogger<GrpcHealthPolicy> logger) : IActiveHealthCheckPolicy
{
    public const string PolicyName = "GrpcHealth";

    private readonly ConditionalWeakTable<DestinationState, StrongBox<int>> _failures = new();

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        if (probingResults.Count == 0) return;
        var threshold = Threshold(cluster);
        var updates = new List<NewActiveDestinationHealth>(probingResults.Count);
        foreach (var result in probingResults)
        {
            var destination = result.Destination;
            var failures = _failures.GetOrCreateValue(destination);
            var serving = result.Response is { IsSuccessStatusCode: true };
            DestinationHealth health;
            if (serving)
            {
                Interlocked.Exchange(ref failures.Value, 0);
                health = DestinationHealth.Healthy;
            }
            else
            {
                var count = Interlocked.Increment(ref failures.Value);
                health = count >= threshold ? DestinationHealth.Unhealthy : destination.Health.Active;
            }
            if (health != destination.Health.Active)
            {
                var reason = serving ? "SERVING" : result.Response?.ReasonPhrase ?? result.Exception?.GetBaseException().Message ?? "no response";
                ProxyLog.DestinationHealthChanged(logger, cluster.ClusterId, destination.DestinationId, health.ToString(), reason);
            }
            updates.Add(new NewActiveDestinationHealth(destination, health));
        }
        healthUpdater.SetActive(cluster, updates);
    }

    private static int Threshold(ClusterState cluster)
    {
        var metadata = cluster.Model.Config.Metadata;
        return metadata is not null && metadata.TryGetValue(GrpcHealthProbe.UnhealthyThresholdMetadataKey, out var text)
               && int.TryParse(text, out var value) && value > 0 ? value : 1;
    }
}
