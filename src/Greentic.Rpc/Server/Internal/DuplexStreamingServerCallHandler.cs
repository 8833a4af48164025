using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>Streams both ways, independently: HTTP/2 lets the response flow while the request is still open.</summary>
internal sealed class DuplexStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandlerBase<TService, TRequest, TResponse>
    where TService : class
{
    private readonly Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> _handler;
    private readonly DuplexStreamingServerMethod<TRequest, TResponse> _pipeline;

    public DuplexStreamingServerCallHandler(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler,
        ServerMethodOptions options, ServiceActivator<TService> serviceActivator, ILogger logger)
        : base(method, options, serviceActivator, logger)
    {
        _handler = handler;
        _pipeline = InterceptorPipeline.DuplexStreaming<TRequest, TResponse>(InvokeService, options.Interceptors);
    }

    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        DisableRequestBodyLimits(context.HttpContext);
        var reader = new HttpContextStreamReader<TRequest>(context, Method.RequestMarshaller);
        var writer = new HttpContextStreamWriter<TResponse>(context, Method.ResponseMarshaller);
        try
        {
            await _pipeline(reader, writer, context).ConfigureAwait(false);
        }
        finally
        {
            writer.Complete();
        }
    }

    private Task InvokeService(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context)
    {
        var service = ResolveService(context, out var release);
        Task task;
        try { task = _handler(service, requestStream, responseStream, context); }
        catch (Exception ex) { task = Task.FromException(ex); } // a handler that throws before its first await
        return release ? ReleaseAfterAsync(task, service) : task;
    }
}
