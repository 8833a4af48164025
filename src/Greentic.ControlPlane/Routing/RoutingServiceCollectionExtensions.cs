using Greentic.ControlPlane.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRoutingPolicyProvider"/> (also run as a hosted service that watches the policy
    /// directory), with options bound from <c>Greentic:Routing</c>.
    /// </summary>
    public static IServiceCollection AddGreenticRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RoutingOptions>().Bind(configuration.GetSection(RoutingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton(sp => new RoutingPolicyProvider(sp.GetRequiredService<IOptionsMonitor<RoutingOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RoutingPolicyProvider>>()));
        services.TryAddSingleton<IRoutingPolicyProvider>(sp => sp.GetRequiredService<RoutingPolicyProvider>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RoutingPolicyProvider>());
        return services;
    }
}
