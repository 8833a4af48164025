using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>One request message in, a stream of response messages out.</summary>
internal sealed class ServerStreamingServerCallHandler<TService, TRequest, TResponse> : ServerCallHandlerBase<TService, TRequest, TResponse>
    where TService : class
{
    private readonly Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> _handler;
    private readonly ServerStreamingServerMethod<TRequest, TResponse> _pipeline;

    public ServerStreamingServerCallHandler(Method<TRequest, TResponse> method, Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler,
        ServerMethodOptions options, ServiceActivator<TService> serviceActivator, ILogger logger)
        : base(method, options, serviceActivator, logger)
    {
        _handler = handler;
        _pipeline = InterceptorPipeline.ServerStreaming<TRequest, TResponse>(InvokeService, options.Interceptors);
    }

    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        var request = await context.ReadSingleMessageAsync(Method.RequestMarshaller).ConfigureAwait(false);
        var writer = new HttpContextStreamWriter<TResponse>(context, Method.ResponseMarshaller);
        try
        {
            await _pipeline(request, writer, context).ConfigureAwait(false);
        }
        finally
        {
            writer.Complete();
        }
    }

    private Task InvokeService(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context)
    {
        var service = ResolveService(context, out var release);
        Task task;
        try { task = _handler(service, request, responseStream, context); }
        catch (Exception ex) { task = Task.FromException(ex); } // a handler that throws before its first await
        return release ? ReleaseAfterAsync(task, service) : task;
    }
}
