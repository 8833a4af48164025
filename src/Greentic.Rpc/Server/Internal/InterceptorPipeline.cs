namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// Wraps a method's invoker in the server interceptors once, at startup; the first registered is outermost.
/// Each layer gets its interceptor per call (an instance, from DI, or new and disposed after the call).
/// </summary>
internal static class InterceptorPipeline
{
    public static UnaryServerMethod<TRequest, TResponse> Unary<TRequest, TResponse>(UnaryServerMethod<TRequest, TResponse> inner, InterceptorActivator[] interceptors)
    {
        var pipeline = inner;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            var activator = interceptors[i];
            var next = pipeline;
            pipeline = (request, context) =>
            {
                var interceptor = activator.Get(context, out var release);
                Task<TResponse> task;
                try { task = interceptor.UnaryServerHandler(request, context, next); }
                catch (Exception ex) { task = Task.FromException<TResponse>(ex); }
                return release ? ReleaseAfterAsync(task, interceptor) : task;
            };
        }
        return pipeline;
    }

    public static ClientStreamingServerMethod<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(ClientStreamingServerMethod<TRequest, TResponse> inner, InterceptorActivator[] interceptors)
    {
        var pipeline = inner;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            var activator = interceptors[i];
            var next = pipeline;
            pipeline = (requestStream, context) =>
            {
                var interceptor = activator.Get(context, out var release);
                Task<TResponse> task;
                try { task = interceptor.ClientStreamingServerHandler(requestStream, context, next); }
                catch (Exception ex) { task = Task.FromException<TResponse>(ex); }
                return release ? ReleaseAfterAsync(task, interceptor) : task;
            };
        }
        return pipeline;
    }

    public static ServerStreamingServerMethod<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(ServerStreamingServerMethod<TRequest, TResponse> inner, InterceptorActivator[] interceptors)
    {
        var pipeline = inner;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            var activator = interceptors[i];
            var next = pipeline;
            pipeline = (request, responseStream, context) =>
            {
                var interceptor = activator.Get(context, out var release);
                Task task;
                try { task = interceptor.ServerStreamingServerHandler(request, responseStream, context, next); }
                catch (Exception ex) { task = Task.FromException(ex); }
                return release ? ReleaseAfterAsync(task, interceptor) : task;
            };
        }
        return pipeline;
    }

    public static DuplexStreamingServerMethod<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(DuplexStreamingServerMethod<TRequest, TResponse> inner, InterceptorActivator[] interceptors)
    {
        var pipeline = inner;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            var activator = interceptors[i];
            var next = pipeline;
            pipeline = (requestStream, responseStream, context) =>
            {
                var interceptor = activator.Get(context, out var release);
                Task task;
                try { task = interceptor.DuplexStreamingServerHandler(requestStream, responseStream, context, next); }
                catch (Exception ex) { task = Task.FromException(ex); }
                return release ? ReleaseAfterAsync(task, interceptor) : task;
            };
        }
        return pipeline;
    }

    private static async Task<T> ReleaseAfterAsync<T>(Task<T> task, Interceptor interceptor)
    {
        try { return await task.ConfigureAwait(false); }
        finally { await InterceptorActivator.ReleaseAsync(interceptor).ConfigureAwait(false); }
    }

    private static async Task ReleaseAfterAsync(Task task, Interceptor interceptor)
    {
        try { await task.ConfigureAwait(false); }
        finally { await InterceptorActivator.ReleaseAsync(interceptor).ConfigureAwait(false); }
    }
}
