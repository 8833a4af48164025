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
            { Healthy: true } => HealthCheckResult.Healthy($"pid {state.ProcessId}"),
            { ProcessId: null } => HealthCheckResult.Unhealthy($"sidecar '{name}' is restarting ({state.LastExit})"),
            _ => HealthCheckResult.Unhealthy($"sidecar '{name}' is not serving yet"),
        };
        return Task.FromResult(result);
    }
}
