using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Greentic.ControlPlane.Drain;

/// <summary>Unhealthy from SIGTERM on: the overall gRPC health service answers NOT_SERVING, so the gateway and the kubelet stop sending calls.</summary>
internal sealed class DrainHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsDraining ? HealthCheckResult.Unhealthy("draining: this replica is shutting down") : HealthCheckResult.Healthy());
}
