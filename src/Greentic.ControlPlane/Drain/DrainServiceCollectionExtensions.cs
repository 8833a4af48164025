using Greentic.ControlPlane.Drain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class DrainServiceCollectionExtensions
{
    /// <summary>Graceful shutdown on SIGTERM (<see cref="GracefulDrain"/>), options from <c>Greentic:ControlPlane:Drain</c>.</summary>
    public static IServiceCollection AddGreenticDrain(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DrainOptions>().Bind(configuration.GetSection(DrainOptions.SectionName))
            .Validate(o => o.Delay >= TimeSpan.Zero && o.GracePeriod >= TimeSpan.Zero, $"{DrainOptions.SectionName}: Delay and GracePeriod must not be negative")
            .ValidateOnStart();
        services.TryAddSingleton<DrainState>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HostOptions>, DrainHostOptionsSetup>());
        services.AddHostedService<GracefulDrain>();
        services.AddHealthChecks().AddCheck<DrainHealthCheck>("drain");
        return services;
    }
}
