using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>A stream of request messages in, one response message out.</summary>
internal sealed class ClientStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandlerBase<TService, TRequest, TResponse>
    where TService : class
{
    private readonly Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> _handler;
    private readonly ClientStreamingServerMethod<TRequest, TResponse> _pipeline;

    public ClientStreamingServerCallHandler(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler,
        ServerMethodOptions options, ServiceActivator<TService> serviceActivator, ILogger logger)
        : base(method, options, serviceActivator, logger)
    {
        _handler = handler;
        _pipeline = InterceptorPipeline.ClientStreaming<TRequest, TResponse>(InvokeService, options.Interceptors);
    }

    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        DisableRequestBodyLimits(context.HttpContext);
        var reader = new HttpContextStreamReader<TRequest>(context, Method.RequestMarshaller);
        var response = await _pipeline(reader, context).ConfigureAwait(false);
        if (response is null) throw new RpcException(new Status(StatusCode.Cancelled, "No message returned from method."));
        await context.WriteMessageAsync(response, Method.ResponseMarshaller, flush: false).ConfigureAwait(false);
    }

    private Task<TResponse> InvokeService(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context)
    {
        var service = ResolveService(context, out var release);
        Task<TResponse> task;
        try { task = _handler(service, requestStream, context); }
        catch (Exception ex) { task = Task.FromException<TResponse>(ex); } // a handler that throws before its first await
        return release ? ReleaseAfterAsync(task, service) : task;
    }
}
