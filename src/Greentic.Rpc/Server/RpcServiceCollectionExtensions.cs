using Greentic.Rpc.Health;
using Greentic.Rpc.Reflection;
using Greentic.Rpc.Server.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Greentic.Rpc;

public static class RpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gRPC server: options (for every service), routing, and what the health and reflection
    /// services need. Map services afterwards with <c>app.MapRpcService&lt;TService&gt;()</c>.
    /// </summary>
    public static IRpcServerBuilder AddRpc(this IServiceCollection services, Action<RpcServiceOptions>? configure = null)
    {
        services.AddRouting(o => o.ConstraintMap[UnimplementedEndpoints.ConstraintName] = typeof(GrpcUnimplementedConstraint));
        services.AddOptions();
        if (configure is not null) services.ConfigureAll(configure);
        services.TryAddSingleton<RpcServiceRegistry>();
        services.TryAddSingleton<HealthServiceRegistry>();
        services.TryAddSingleton<HealthServiceImpl>();
        services.TryAddSingleton<ReflectionServiceImpl>();
        services.TryAddSingleton<ReflectionV1AlphaServiceImpl>();
        return new RpcServerBuilder(services);
    }

    private sealed class RpcServerBuilder(IServiceCollection services) : IRpcServerBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

/// <summary>Returned by <c>AddRpc</c>, to refine options per service.</summary>
public interface IRpcServerBuilder
{
    IServiceCollection Services { get; }
}

public static class RpcServerBuilderExtensions
{
    /// <summary>Options for one service only, applied after the global ones from <c>AddRpc</c>.</summary>
    public static IRpcServerBuilder AddServiceOptions<TService>(this IRpcServerBuilder builder, Action<RpcServiceOptions> configure) where TService : class
    {
        builder.Services.Configure(RpcServiceOptionsNames.For(typeof(TService)), configure);
        return builder;
    }
}

internal static class RpcServiceOptionsNames
{
    public static string For(Type serviceType) => "Greentic.Rpc.Service:" + serviceType.FullName;
}
