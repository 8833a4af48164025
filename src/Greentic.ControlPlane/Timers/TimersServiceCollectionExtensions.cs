using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class TimersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="TimerScheduler"/> (a hosted service on every replica) with its claim table in the state
    /// store's database and its two targets (provider op, event); options from <c>Greentic:Timers</c>.
    /// </summary>
    public static IServiceCollection AddGreenticTimers(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TimerOptions>().Bind(configuration.GetSection(TimerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimerOptions>, TimerOptionsValidator>());
        services.TryAddSingleton(sp => new TickLeases(sp.GetRequiredService<SqlStateStore>(), sp.GetRequiredService<IOptions<StateStoreOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITimerTarget, ProviderTimerTarget>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITimerTarget, EventTimerTarget>());
        services.TryAddSingleton(sp => new TimerScheduler(sp.GetRequiredService<TickLeases>(), sp.GetServices<ITimerTarget>(), sp.GetRequiredService<IOptionsMonitor<TimerOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<TenancyOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TimerScheduler>>()));
        services.AddHostedService(sp => sp.GetRequiredService<TimerScheduler>());
        return services;
    }
}
