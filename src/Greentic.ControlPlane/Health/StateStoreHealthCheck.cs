using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Greentic.ControlPlane.Health;

/// <summary>Healthy when the state store answers a read (of a key that need not exist).</summary>
internal sealed class StateStoreHealthCheck(IStateStore store) : IHealthCheck
{
    private static readonly StateKey Probe = new(new TenantContext("health", "health"), "health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ReadAsync(Probe, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the state store does not answer: {e.Message}");
        }
    }
}
