using Greentic.ControlPlane.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Greentic.ControlPlane.Health;

/// <summary>
/// Healthy when a routing policy is loaded and the last reload succeeded; degraded (still serving the last good
/// policy) when the last reload failed; unhealthy when no policy ever loaded.
/// </summary>
internal sealed class RoutingPolicyHealthCheck(IRoutingPolicyProvider routing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = routing.Status;
        var result = (status.LastSuccess, status.LastError) switch
        {
            (null, _) => HealthCheckResult.Unhealthy($"no routing policy has loaded: {status.LastError ?? "not loaded yet"}"),
            (_, { } error) => HealthCheckResult.Degraded($"serving the last good policy; the last reload failed: {error}"),
            _ => HealthCheckResult.Healthy($"{status.RuleCount} rules"),
        };
        return Task.FromResult(result);
    }
}
