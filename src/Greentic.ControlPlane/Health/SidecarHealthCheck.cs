using Greentic.ControlPlane.Supervision;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Greentic.ControlPlane.Health;

/// <summary>One supervised sidecar: healthy while its process runs and answers its own gRPC health checks.</summary>
internal sealed class SidecarHealthCheck(SidecarSupervisor supervisor, string name) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = supervisor.State(name);
        var result = state switch
        {
            null => HealthCheckResult.Unhealthy($"sidecar '{name}' has not started yet"),
            { Healthy: true } => HealthCheckResult.Healthy(state.Describe(DateTimeOffset.UtcNow)),
            _ => HealthCheckResult.Unhealthy(state.Describe(DateTimeOffset.UtcNow)),
        };
        return Task.FromResult(result);
    }
}
