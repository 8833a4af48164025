using Greentic.ComponentHost;
using Greentic.ControlPlane.Components;
using Greentic.ControlPlane.Transports;
using Greentic.Packs.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ComponentsServiceCollectionExtensions
{
    public const string SectionName = "Greentic:Components";

    /// <summary>
    /// In-process Wasm providers: one Wasmtime engine for the process (<see cref="ComponentEngine"/>), its compiled
    /// components cached beside the pack cache (<c>Greentic:Components:CacheDirectory</c>, default
    /// <c>{PACK_CACHE_DIR}/compiled</c>), what one call may use (<c>Greentic:Components:Limits</c>, checked at start), and
    /// the runtime that serves pack-declared providers to the in-process transport.
    /// </summary>
    public static IServiceCollection AddGreenticComponents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ComponentLimits>().Bind(configuration.GetSection(ComponentLimitsValidator.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComponentLimits>, ComponentLimitsValidator>());
        services.TryAddSingleton(sp =>
        {
            var packCache = sp.GetRequiredService<IOptions<PacksOptions>>().Value.CacheDir;
            var options = new ComponentHostOptions
            {
                CacheDirectory = configuration[$"{SectionName}:CacheDirectory"] is { Length: > 0 } dir ? dir : Path.Combine(packCache, "compiled"),
                DefaultLimits = sp.GetRequiredService<IOptions<ComponentLimits>>().Value,
            };
            return new ComponentEngine(options, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<LoadedComponents>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInProcProviders, ComponentProviders>());
        return services;
    }
}
