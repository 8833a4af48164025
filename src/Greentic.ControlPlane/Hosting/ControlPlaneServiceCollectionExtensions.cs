using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Hosting;
using Grpc.AspNetCore.Server;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Services;
using Greentic.ControlPlane.Supervision;
using Greentic.ControlPlane.Telemetry;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Transports;
using Greentic.Packs;
using Greentic.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>
    /// Everything the control plane serves: grpc-dotnet with tenant authorization on every tenant-scoped service,
    /// authentication, routing, transports, stores, secrets, egress, packs, health and telemetry, with options from
    /// configuration (appsettings.json, environment). C# providers for the in-process transport are whatever
    /// <see cref="IProvider"/>s are registered (<c>AddSampleProviders</c> adds the samples).
    /// </summary>
    public static IServiceCollection AddGreenticControlPlane(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ControlPlaneOptions>().Bind(configuration.GetSection(ControlPlaneOptions.SectionName));
        services.Configure<RemoteTlsOptions>(configuration.GetSection(RemoteTlsOptions.SectionName));
        var maxMessageSize = configuration.GetValue(ControlPlaneOptions.SectionName + ":" + nameof(ControlPlaneOptions.MaxMessageSize), ControlPlaneOptions.DefaultMaxMessageSize);
        services.AddGrpc(o =>
            {
                o.EnableDetailedErrors = false;
                o.MaxReceiveMessageSize = maxMessageSize;
                o.MaxSendMessageSize = maxMessageSize;
                o.Interceptors.Add<GatewayRoleInterceptor>();
            })
            .AddTenantScoped<ProviderServiceImpl>()
            .AddTenantScoped<SecretsServiceImpl>()
            .AddTenantScoped<StateServiceImpl>()
            .AddTenantScoped<HttpServiceImpl>()
            .AddTenantScoped<TelemetryServiceImpl>()
            .AddTenantScoped<DistributorServiceImpl>()
            .AddTenantScoped<EventsServiceImpl>()
            .AddTenantScoped<MessagingServiceImpl>();
        services.AddGrpcReflection();
        services.Configure<GatewayRoleOptions>(configuration.GetSection(GatewayRoleOptions.SectionName));
        services.AddGreenticAuth(configuration);
        services.AddGreenticRouting(configuration);
        services.AddGreenticStores(configuration);
        services.AddGreenticEvents(configuration);
        services.AddGreenticMessaging(configuration);
        services.AddGreenticSecrets(configuration);
        services.AddGreenticEgress(configuration);
        services.AddGreenticPacks(configuration);
        services.AddGreenticDistributor();
        // In-process runtimes in the order they are asked: C# providers registered in DI, then the tenant's Wasm components.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInProcProviders, CSharpInProcProviders>());
        services.AddGreenticComponents(configuration);
        services.AddGreenticHealth(configuration);
        services.AddGreenticTelemetry(configuration);

        services.TryAddSingleton<IProviderHostFactory, LocalProviderHostFactory>();
        services.TryAddSingleton<ProviderDispatcher>();
        services.TryAddSingleton<RemoteIdentity>();
        services.TryAddSingleton<ProviderTransportRegistry>();
        services.TryAddSingleton<PackRoutes>();
        services.TryAddSingleton<ProviderRouter>();
        services.TryAddSingleton<InFlightCalls>();
        services.TryAddSingleton<CallbackPolicy>();
        services.Configure<SidecarSupervisorOptions>(o => configuration.GetSection(SidecarSupervisorOptions.SectionName).Bind(o.Sidecars));
        services.TryAddSingleton<SidecarSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<SidecarSupervisor>());
        return services;
    }

    /// <summary>Runs <see cref="TenantAuthorizationInterceptor"/> before every method of <typeparamref name="TService"/>.</summary>
    private static IGrpcServerBuilder AddTenantScoped<TService>(this IGrpcServerBuilder grpc) where TService : class =>
        grpc.AddServiceOptions<TService>(o => o.Interceptors.Add<TenantAuthorizationInterceptor>());
}
