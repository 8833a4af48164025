using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>One request message in, one response message out.</summary>
internal sealed class UnaryServerCallHandler<TService, TRequest, TResponse> : ServerCallHandlerBase<TService, TRequest, TResponse>
    where TService : class
{
    private readonly Func<TService, TRequest, ServerCallContext, Task<TResponse>> _handler;
    private readonly UnaryServerMethod<TRequest, TResponse> _pipeline;

    public UnaryServerCallHandler(Method<TRequest, TResponse> method, Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler,
        ServerMethodOptions options, ServiceActivator<TService> serviceActivator, ILogger logger)
        : base(method, options, serviceActivator, logger)
    {
        _handler = handler;
        _pipeline = InterceptorPipeline.Unary<TRequest, TResponse>(InvokeService, options.Interceptors);
    }

    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        var request = await context.ReadSingleMessageAsync(Method.RequestMarshaller).ConfigureAwait(false);
        var response = await _pipeline(request, context).ConfigureAwait(false);
        if (response is null) throw new RpcException(new Status(StatusCode.Cancelled, "No message returned from method."));
        await context.WriteMessageAsync(response, Method.ResponseMarshaller, flush: false).ConfigureAwait(false);
    }

    private Task<TResponse> InvokeService(TRequest request, ServerCallContext context)
    {
        var service = ResolveService(context, out var release);
        Task<TResponse> task;
        try { task = _handler(service, request, context); }
        catch (Exception ex) { task = Task.FromException<TResponse>(ex); } // a handler that throws before its first await
        return release ? ReleaseAfterAsync(task, service) : task;
    }
}
