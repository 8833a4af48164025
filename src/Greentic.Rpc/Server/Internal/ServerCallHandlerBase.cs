using Greentic.Rpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// What every call shape shares: refusing requests that are not gRPC over HTTP/2, creating the call context,
/// and ending the call with a status whether the handler returned or threw.
/// </summary>
internal abstract class ServerCallHandlerBase<TService, TRequest, TResponse> where TService : class
{
    protected ServerCallHandlerBase(Method<TRequest, TResponse> method, ServerMethodOptions options, ServiceActivator<TService> serviceActivator, ILogger logger)
    {
        Method = method;
        Options = options;
        ServiceActivator = serviceActivator;
        Logger = logger;
    }

    protected Method<TRequest, TResponse> Method { get; }
    protected ServerMethodOptions Options { get; }
    protected ServiceActivator<TService> ServiceActivator { get; }
    protected ILogger Logger { get; }

    /// <summary>The endpoint's <see cref="RequestDelegate"/>.</summary>
    public Task HandleCallAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType)) return RejectContentType(httpContext);
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol)) return RejectProtocol(httpContext);

        var context = new HttpContextServerCallContext(httpContext, Options, Logger);
        Task call;
        try
        {
            context.Initialize();
            call = HandleCallCoreAsync(context);
        }
        catch (Exception ex)
        {
            return context.ProcessHandlerErrorAsync(ex);
        }
        // The common unary case finishes synchronously: no state machine is allocated for it.
        return call.IsCompletedSuccessfully ? context.EndCallAsync() : AwaitCallAsync(context, call);

        static async Task AwaitCallAsync(HttpContextServerCallContext context, Task call)
        {
            try
            {
                await call.ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await context.ProcessHandlerErrorAsync(ex).ConfigureAwait(false);
                return;
            }
            await context.EndCallAsync().ConfigureAwait(false);
        }
    }

    protected abstract Task HandleCallCoreAsync(HttpContextServerCallContext context);

    /// <summary>Gets the service for the call; when <paramref name="release"/>, release it with <c>ReleaseAfterAsync</c>.</summary>
    protected TService ResolveService(ServerCallContext context, out bool release) =>
        ServiceActivator.Create(context.GetHttpContext(), out release);

    protected static async Task<T> ReleaseAfterAsync<T>(Task<T> task, TService service)
    {
        try { return await task.ConfigureAwait(false); }
        finally { await ServiceActivator<TService>.ReleaseAsync(service).ConfigureAwait(false); }
    }

    protected static async Task ReleaseAfterAsync(Task task, TService service)
    {
        try { await task.ConfigureAwait(false); }
        finally { await ServiceActivator<TService>.ReleaseAsync(service).ConfigureAwait(false); }
    }

    /// <summary>
    /// Streaming requests can run long and slow: Kestrel's request body size limit and minimum data rate
    /// are for uploads, not for a stream of messages (the message size limit guards each one).
    /// </summary>
    protected static void DisableRequestBodyLimits(HttpContext httpContext)
    {
        if (httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate) rate.MinDataRate = null;
        if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;
    }

    // grpc-dotnet's answers to requests that are not gRPC: 415 for a wrong content-type, 426 for HTTP/1.x,
    // both carrying grpc-status INTERNAL in the headers for clients that look for it.
    private Task RejectContentType(HttpContext httpContext)
    {
        var contentType = httpContext.Request.ContentType;
        ServerLog.UnsupportedContentType(Logger, contentType);
        var message = contentType is null ? "Content-Type is missing from the request." : $"Content-Type '{contentType}' is not supported.";
        return WriteHttpError(httpContext, StatusCodes.Status415UnsupportedMediaType, message);
    }

    private Task RejectProtocol(HttpContext httpContext)
    {
        ServerLog.UnsupportedProtocol(Logger, httpContext.Request.Protocol);
        httpContext.Response.Headers[HeaderNames.Upgrade] = "HTTP/2";
        return WriteHttpError(httpContext, StatusCodes.Status426UpgradeRequired, $"Request protocol '{httpContext.Request.Protocol}' is not supported.");
    }

    private static Task WriteHttpError(HttpContext httpContext, int httpStatus, string message)
    {
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.Headers[GrpcProtocol.StatusTrailer] = GrpcProtocol.StatusToString(StatusCode.Internal);
        response.Headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(message);
        return Task.CompletedTask;
    }
}
