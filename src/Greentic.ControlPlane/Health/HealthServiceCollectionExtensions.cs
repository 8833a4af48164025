using Greentic.ControlPlane.Health;
using Greentic.ControlPlane.Supervision;
using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The service name that aggregates every check (what a load balancer probes).</summary>
    public const string Overall = "";

    public const string State = "greentic.state";
    public const string Routing = "greentic.routing";
    public const string SidecarPrefix = "greentic.sidecar.";

    /// <summary>
    /// <c>grpc.health.v1.Health</c> fed by real checks, one health service name per component so <c>Watch</c> tells
    /// which one changed: <see cref="State"/> (the state store answers), <see cref="Routing"/> (a policy is loaded) and
    /// <c>greentic.sidecar.{name}</c> per supervised sidecar; the empty name aggregates them. Results are published
    /// every <c>Greentic:Health:Period</c> (default 5 s).
    /// </summary>
    public static IServiceCollection AddGreenticHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddGrpcHealthChecks()
            .AddCheck<StateStoreHealthCheck>("state", tags: [State])
            .AddCheck<RoutingPolicyHealthCheck>("routing", tags: [Routing]);
        var sidecars = configuration.GetSection(SidecarSupervisorOptions.SectionName).GetChildren().Select(c => c.Key).ToList();
        foreach (var name in sidecars)
            checks.Add(new HealthCheckRegistration("sidecar:" + name,
                sp => new SidecarHealthCheck(sp.GetRequiredService<SidecarSupervisor>(), name), HealthStatus.Unhealthy, [SidecarPrefix + name]));
        services.Configure<GrpcHealthChecksOptions>(o =>
        {
            // Check runs the checks when asked (a probe right after start must not see an empty cache); Watch follows the publisher.
            o.UseHealthChecksCache = false;
            o.Services.Map(Overall, _ => true);
            o.Services.Map(State, r => r.Tags.Contains(State));
            o.Services.Map(Routing, r => r.Tags.Contains(Routing));
            foreach (var name in sidecars) o.Services.Map(SidecarPrefix + name, r => r.Tags.Contains(SidecarPrefix + name));
        });
        services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(1);
            o.Period = configuration.GetValue("Greentic:Health:Period", TimeSpan.FromSeconds(5));
        });
        return services;
    }
}
