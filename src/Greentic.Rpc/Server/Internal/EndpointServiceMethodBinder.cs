using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// The <see cref="IServiceMethodBinder{TService}"/> that generated <c>BindService</c> calls: one endpoint per method,
/// <c>POST /package.Service/Method</c>, whose request delegate is the method's call handler.
/// </summary>
internal sealed class EndpointServiceMethodBinder<TService>(
    IEndpointRouteBuilder endpoints, ServerMethodOptions options, ServiceActivator<TService> activator, ILogger logger)
    : IServiceMethodBinder<TService> where TService : class
{
    private static readonly HttpMethodMetadata PostOnly = new([HttpMethods.Post]);

    public List<IEndpointConventionBuilder> EndpointBuilders { get; } = new();
    public List<IMethod> Methods { get; } = new();

    public void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler) =>
        Add(method, new UnaryServerCallHandler<TService, TRequest, TResponse>(method, handler, options, activator, logger).HandleCallAsync);

    public void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler) =>
        Add(method, new ClientStreamingServerCallHandler<TService, TRequest, TResponse>(method, handler, options, activator, logger).HandleCallAsync);

    public void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler) =>
        Add(method, new ServerStreamingServerCallHandler<TService, TRequest, TResponse>(method, handler, options, activator, logger).HandleCallAsync);

    public void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler) =>
        Add(method, new DuplexStreamingServerCallHandler<TService, TRequest, TResponse>(method, handler, options, activator, logger).HandleCallAsync);

    private void Add(IMethod method, RequestDelegate requestDelegate)
    {
        var builder = endpoints.Map(RoutePatternFactory.Parse(method.FullName), requestDelegate);
        builder.WithMetadata(PostOnly, method);
        builder.WithDisplayName("gRPC - " + method.FullName);
        EndpointBuilders.Add(builder);
        Methods.Add(method);
    }
}

/// <summary>Lets the caller of <c>MapRpcService</c> add conventions (authorization, CORS, …) to all of a service's endpoints.</summary>
internal sealed class CompositeEndpointConventionBuilder(List<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders) builder.Add(convention);
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders) builder.Finally(finallyConvention);
    }
}
