using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// A server interceptor that runs one check before the handler of every call, whatever its kind, and refuses the call
/// by throwing from <see cref="Check"/>. Unary and server-streaming calls pass their request; client- and
/// duplex-streaming calls pass null (their requests arrive later, to the handler).
/// </summary>
internal abstract class CallCheckInterceptor : Interceptor
{
    /// <summary>Returns to let the call on; throws (an <see cref="RpcException"/>) to refuse it.</summary>
    protected abstract void Check(ServerCallContext context, object? request);

    public sealed override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context, request);
        return continuation(request, context);
    }

    public sealed override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context, request);
        return continuation(request, responseStream, context);
    }

    public sealed override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context, null);
        return continuation(requestStream, context);
    }

    public sealed override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context, null);
        return continuation(requestStream, responseStream, context);
    }
}
