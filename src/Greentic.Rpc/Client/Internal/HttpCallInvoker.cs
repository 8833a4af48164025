namespace Greentic.Rpc.Client.Internal;

/// <summary>Starts each call as an HTTP/2 request on the channel's handler.</summary>
internal sealed class HttpCallInvoker(RpcChannel channel) : CallInvoker
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new RpcCall<TRequest, TResponse>(channel, method, options);
        return new AsyncUnaryCall<TResponse>(call.RunUnaryAsync(request), call);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = new RpcCall<TRequest, TResponse>(channel, method, options);
        call.StartWithMessage(request);
        return new AsyncServerStreamingCall<TResponse>(new ClientResponseStreamReader<TRequest, TResponse>(call), call);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new RpcCall<TRequest, TResponse>(channel, method, options);
        var writer = call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(writer, call.ReadSingleResponseAsync(), call);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = new RpcCall<TRequest, TResponse>(channel, method, options);
        var writer = call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(writer, new ClientResponseStreamReader<TRequest, TResponse>(call), call);
    }
}
