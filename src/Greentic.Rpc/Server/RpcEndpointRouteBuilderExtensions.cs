using System.Reflection;
using Greentic.Rpc.Health;
using Greentic.Rpc.Reflection;
using Greentic.Rpc.Server.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Rpc;

public static class RpcEndpointRouteBuilderExtensions
{
    private const string LoggerName = "Greentic.Rpc.Server.ServerCallHandler";

    /// <summary>
    /// Maps every method of <typeparamref name="TService"/> (a class derived from a generated <c>…Base</c>) to
    /// <c>POST /package.Service/Method</c>. The generated static <c>BindService</c> is found through
    /// <see cref="BindServiceMethodAttribute"/>, once, here. The service is resolved from DI per call; when it is
    /// not registered, a new instance is made per call (scoped lifetime) and disposed when the call ends.
    /// </summary>
    public static IEndpointConventionBuilder MapRpcService<TService>(this IEndpointRouteBuilder endpoints) where TService : class
    {
        var services = endpoints.ServiceProvider;
        var registry = services.GetService<RpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddRpc() before mapping gRPC services.");
        var options = services.GetRequiredService<IOptionsMonitor<RpcServiceOptions>>().Get(RpcServiceOptionsNames.For(typeof(TService)));
        var interceptors = new InterceptorActivator[options.Interceptors.Count];
        for (var i = 0; i < interceptors.Length; i++) interceptors[i] = new InterceptorActivator(options.Interceptors[i], services);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName);

        var binder = new EndpointServiceMethodBinder<TService>(endpoints, new ServerMethodOptions(options, interceptors),
            new ServiceActivator<TService>(services), logger);
        FindBindMethod(typeof(TService)).MakeGenericMethod(typeof(TService)).Invoke(null, [binder]);
        if (binder.Methods.Count == 0)
            throw new InvalidOperationException($"{typeof(TService)} has no gRPC methods to map.");

        var serviceName = binder.Methods[0].ServiceName;
        registry.Add(new MappedRpcService(serviceName, typeof(TService), binder.Methods, FindDescriptor(typeof(TService))));
        UnimplementedEndpoints.MapService(endpoints, serviceName, logger);
        if (!registry.FallbackMapped)
        {
            registry.FallbackMapped = true;
            UnimplementedEndpoints.MapFallback(endpoints, logger);
        }
        return new CompositeEndpointConventionBuilder(binder.EndpointBuilders);
    }

    /// <summary>Maps <c>grpc.health.v1.Health</c> (Check and Watch); set statuses through <see cref="HealthServiceRegistry"/>.</summary>
    public static IEndpointConventionBuilder MapRpcHealthService(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapRpcService<HealthServiceImpl>();

    /// <summary>Maps server reflection, both <c>grpc.reflection.v1</c> and <c>grpc.reflection.v1alpha</c>.</summary>
    public static IEndpointConventionBuilder MapRpcReflectionService(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapRpcService<ReflectionServiceImpl>();
        var v1Alpha = endpoints.MapRpcService<ReflectionV1AlphaServiceImpl>();
        return new CompositeEndpointConventionBuilder([v1, v1Alpha]);
    }

    private static MethodInfo FindBindMethod(Type serviceType)
    {
        var attribute = serviceType.GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException($"{serviceType} has no [{nameof(BindServiceMethodAttribute)}]: derive it from a generated service base.");
        foreach (var method in attribute.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            if (method.Name == attribute.BindMethodName && method.IsGenericMethodDefinition && method.GetParameters().Length == 1)
                return method;
        throw new InvalidOperationException($"{attribute.BindType}.{attribute.BindMethodName}<TService>(IServiceMethodBinder<TService>) was not found.");
    }

    private static Google.Protobuf.Reflection.ServiceDescriptor? FindDescriptor(Type serviceType)
    {
        var attribute = serviceType.GetCustomAttribute<ServiceDescriptorAttribute>(inherit: true);
        if (attribute is null) return null;
        var property = attribute.DescriptorType.GetProperty(attribute.PropertyName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);
        return property?.GetValue(null) as Google.Protobuf.Reflection.ServiceDescriptor;
    }
}
