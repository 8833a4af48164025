namespace Greentic.Rpc;

/// <summary>Starts calls. A channel makes one; interceptors wrap one.</summary>
public abstract class CallInvoker
{
    public abstract AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request);

    public abstract AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request);

    public abstract AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options);

    public abstract AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options);

    public virtual TResponse BlockingUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();
}

/// <summary>A connection target that can start calls.</summary>
public abstract class ChannelBase
{
    protected ChannelBase(string target) => Target = target;

    public string Target { get; }
    public abstract CallInvoker CreateCallInvoker();
}

/// <summary>The base of generated clients.</summary>
public abstract class ClientBase<T> where T : ClientBase<T>
{
    protected ClientBase(ChannelBase channel) : this(channel.CreateCallInvoker()) { }

    protected ClientBase(CallInvoker callInvoker) => CallInvoker = callInvoker;

    protected CallInvoker CallInvoker { get; }

    /// <summary>A client of the same type whose calls go through <paramref name="interceptors"/> (first is outermost).</summary>
    public T WithInterceptors(params Interceptor[] interceptors) =>
        NewInstance(interceptors.Reverse().Aggregate(CallInvoker, (inner, i) => new Internal.InterceptingCallInvoker(inner, i)));

    protected abstract T NewInstance(CallInvoker callInvoker);
}
