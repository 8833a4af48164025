using Greentic.ComponentHost;
using Greentic.Providers;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// The services of a sidecar that hosts Wasm components (<c>--component</c>): one engine, the components loaded at
/// start, their imports calling back into the control plane. Kept apart from Program so a sidecar serving C# providers
/// never loads the component host.
/// </summary>
internal static class ComponentServices
{
    public static void Add(IServiceCollection services, SidecarOptions options)
    {
        services.AddSingleton(sp => new ComponentEngine(new ComponentHostOptions(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IProviderCalls>(sp => new SidecarComponents(
            ComponentLoader.Load(sp.GetRequiredService<ComponentEngine>(), options, sp.GetRequiredService<ILogger<SidecarComponents>>()),
            new ComponentCallbacks(sp.GetService<ControlPlaneConnection>(), sp.GetRequiredService<ILoggerFactory>()), options.Grants));
    }

    /// <summary>Loads the components now, so a bad <c>--component</c> fails the start (exit 2), not a call.</summary>
    public static void LoadNow(IServiceProvider services) => _ = services.GetRequiredService<IProviderCalls>();
}
