namespace Greentic.Rpc;

public delegate Task<TResponse> UnaryServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context);
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);
public delegate Task ServerStreamingServerMethod<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>
/// Collects the methods of a service. Generated code calls it from its static <c>BindService</c>;
/// the handler receives the service instance resolved for the call, so handlers are static lambdas.
/// </summary>
public interface IServiceMethodBinder<TService> where TService : class
{
    void AddUnaryMethod<TRequest, TResponse>(Method<TRequest, TResponse> method,
        Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler);

    void AddClientStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method,
        Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler);

    void AddServerStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method,
        Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler);

    void AddDuplexStreamingMethod<TRequest, TResponse>(Method<TRequest, TResponse> method,
        Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler);
}

/// <summary>
/// Marks a generated service base with the static class and method that bind it:
/// <c>static void BindService&lt;TService&gt;(IServiceMethodBinder&lt;TService&gt; binder)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class BindServiceMethodAttribute(Type bindType, string bindMethodName) : Attribute
{
    public Type BindType { get; } = bindType;
    public string BindMethodName { get; } = bindMethodName;
}

/// <summary>
/// Marks a generated service base with the protobuf descriptor of its service, for reflection:
/// the named static property returns a <c>Google.Protobuf.Reflection.ServiceDescriptor</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class ServiceDescriptorAttribute(Type descriptorType, string propertyName) : Attribute
{
    public Type DescriptorType { get; } = descriptorType;
    public string PropertyName { get; } = propertyName;
}
