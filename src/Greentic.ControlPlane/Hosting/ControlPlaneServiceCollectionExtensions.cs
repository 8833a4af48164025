using Greentic.ControlPlane.Egress;
using Greentic.ControlPlane.Hosting;
using Greentic.ControlPlane.Providers;
using Greentic.ControlPlane.Providers.Samples;
using Greentic.ControlPlane.Services;
using Greentic.ControlPlane.Supervision;
using Greentic.ControlPlane.Telemetry;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Packs;
using Greentic.Rpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Everything the control plane serves: the gRPC server, auth and tenancy, routing, transports, stores,
    /// secrets, egress, packs and telemetry, with options from configuration (appsettings.json, environment).
    /// The sample C# providers (<c>echo</c>, <c>messaging.dummy</c>) are registered for the in-process transport.
    /// </summary>
    public static IServiceCollection AddGreenticControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ControlPlaneOptions>(configuration.GetSection(ControlPlaneOptions.SectionName));
        services.Configure<RemoteTlsOptions>(configuration.GetSection(RemoteTlsOptions.SectionName));
        services.AddRpc(o => o.EnableDetailedErrors = false);
        services.AddGreenticAuth(configuration);
        services.AddGreenticRouting(configuration);
        services.AddGreenticStores(configuration);
        services.AddGreenticSecrets(configuration);
        services.AddGreenticEgress(configuration);
        services.AddGreenticPacks(configuration);
        services.AddGreenticDistributor();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProvider, EchoProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProvider, DummyMessagingProvider>());
        services.TryAddSingleton<IProviderHostFactory, LocalProviderHostFactory>();
        services.TryAddSingleton<ProviderDispatcher>();
        services.TryAddSingleton<ProviderTransportRegistry>();
        services.TryAddSingleton<InFlightCalls>();
        services.TryAddSingleton<CallbackPolicy>();
        services.TryAddSingleton<CallGuard>();

        services.TryAddSingleton<ProviderRouterService>();
        services.TryAddSingleton<StateServiceImpl>();
        services.TryAddSingleton<SecretsServiceImpl>();
        services.TryAddSingleton<HttpEgressService>();
        services.TryAddSingleton<TelemetryServiceImpl>();
        services.TryAddSingleton<AdminServiceImpl>();
        services.AddHostedService<OpenTelemetrySetup>();
        services.Configure<SidecarSupervisorOptions>(o =>
            configuration.GetSection(SidecarSupervisorOptions.SectionName).Bind(o.Sidecars));
        services.TryAddSingleton<SidecarSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<SidecarSupervisor>());
        return services;
    }
}
