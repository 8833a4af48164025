using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Greentic.Providers.Channels;

/// <summary>
/// Rewrites "could not connect" failures so they name the target as configured. HttpClient appends the
/// request's authority to connection errors, which for a Unix socket is the placeholder <c>localhost:80</c>
/// and sends people looking for the wrong process.
/// </summary>
internal sealed class UnreachableTargetInterceptor(string target) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Rename(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new RenamingReader<TResponse>(call.ResponseStream, this), Rename(call.ResponseHeadersAsync),
            call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<T> Rename<T>(Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (RpcException e) when (Unreachable(e) is { } reason)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"cannot reach {target}: {reason}", e.Status.DebugException), e.Trailers);
        }
    }

    /// <summary>The innermost reason when the failure is a connection failure, else null.</summary>
    internal static string? Unreachable(RpcException e)
    {
        if (e.StatusCode != StatusCode.Unavailable || e.Status.DebugException is not { } debug) return null;
        Exception? inner = debug;
        while (inner is not null and not System.Net.Sockets.SocketException) inner = inner.InnerException;
        return inner?.Message;
    }

    private sealed class RenamingReader<T>(IAsyncStreamReader<T> inner, UnreachableTargetInterceptor owner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => owner.Rename(inner.MoveNext(cancellationToken));
    }
}
