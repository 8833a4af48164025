using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// Gives gRPC clients a status they can act on when the proxy fails a call.
/// <list type="bullet">
/// <item>Nothing reached the client yet (no healthy replica, connection refused, timeout, body too large): YARP leaves a
/// bare HTTP status (502, 503, 504, 413), which gRPC clients would turn into UNAVAILABLE or UNKNOWN without a word; this
/// answers Trailers-Only with the matching gRPC status and a message instead.</item>
/// <item>The replica went away after the response started (it died or reset the stream mid-stream): YARP 2.3 resets the
/// client's stream — and with the HTTP/2 codes swapped, CANCEL for a failure, which clients read as CANCELLED, a final
/// status saying the <em>client</em> cancelled. Here that reset is held back (<see cref="DeferredStreamReset"/>) and,
/// if the client has whole messages only (<see cref="GrpcMessageFraming"/>), the response ends normally with trailers
/// <c>grpc-status: 14</c> (UNAVAILABLE, retryable) and a <c>grpc-message</c> naming the replica, as a gRPC server or
/// grpc's own proxies would end it.</item>
/// <item>Any other reset goes out as YARP meant it, with the right code: CANCEL when the call was cancelled (the client
/// went away), INTERNAL_ERROR otherwise — a replica dying inside a message leaves half a message that no status can
/// follow, so that one is reset and clients read INTERNAL.</item>
/// </list>
/// Passive health still sees the forwarder's error: only what the client receives changes.
/// </summary>
internal sealed class GrpcProxyErrorMiddleware(RequestDelegate next, ILogger<GrpcProxyErrorMiddleware> logger)
{
    /// <summary>YARP's activity timeout when a cluster does not set <c>HttpRequest:ActivityTimeout</c>.</summary>
    private static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(100);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!GrpcWire.IsGrpc(context.Request) || context.Features.Get<IHttpResetFeature>() is not { } reset)
        {
            await next(context);
            await AnswerUnansweredAsync(context);
            return;
        }
        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var framed = new GrpcFramedResponseBody(body);
        var deferred = new DeferredStreamReset();
        context.Features.Set<IHttpResponseBodyFeature>(framed);
        context.Features.Set<IHttpResetFeature>(deferred);
        try
        {
            await next(context);
        }
        catch when (deferred.ErrorCode is not null)
        {
            reset.Reset(GrpcWire.Http2InternalError);
            throw;
        }
        finally
        {
            context.Features.Set(body);
            context.Features.Set(reset);
        }
        if (deferred.ErrorCode is not null)
        {
            await EndBrokenResponseAsync(context, reset, framed.Framing);
            return;
        }
        await AnswerUnansweredAsync(context);
    }

    /// <summary>A failure before anything reached the client: a Trailers-Only answer with the matching status.</summary>
    private static async Task AnswerUnansweredAsync(HttpContext context)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested || !GrpcWire.IsGrpc(context.Request)) return;
        var (status, message) = Describe(context.Response.StatusCode, error.Error);
        context.Response.Clear();
        await GrpcWire.WriteStatusAsync(context.Response, status, message);
    }

    /// <summary>The forwarder wanted to reset a started response: end it UNAVAILABLE if the replica failed between messages, else reset it.</summary>
    private async Task EndBrokenResponseAsync(HttpContext context, IHttpResetFeature reset, GrpcMessageFraming framing)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        var replicaFailed = (error?.Error is ForwarderError.ResponseBodyDestination or ForwarderError.RequestBodyDestination)
            && !context.RequestAborted.IsCancellationRequested;
        var proxy = context.GetReverseProxyFeature();
        var cluster = proxy.Cluster?.Config.ClusterId ?? "?";
        var replica = proxy.ProxiedDestination?.DestinationId ?? "?";
        if (!replicaFailed || !framing.AtMessageBoundary || !context.Response.SupportsTrailers())
        {
            if (replicaFailed) ProxyLog.BrokenStreamResetMidMessage(logger, context.Request.Path.Value ?? "", cluster, replica, error!.Error.ToString());
            var cancelled = error?.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled;
            reset.Reset(cancelled ? GrpcWire.Http2Cancel : GrpcWire.Http2InternalError);
            return;
        }
        var messages = framing.Messages.ToString(CultureInfo.InvariantCulture);
        var message = error!.Exception is OperationCanceledException or TimeoutException
            ? $"control-plane replica '{replica}' sent nothing for {proxy.Cluster?.Config.HttpRequest?.ActivityTimeout ?? DefaultActivityTimeout} "
              + $"(the gateway's activity timeout) after {messages} message(s); retry the call, resuming after the last message received"
            : $"control-plane replica '{replica}' went away mid-call after {messages} message(s) ({error.Error}); "
              + "retry the call, resuming after the last message received";
        ProxyLog.BrokenStreamEndedUnavailable(logger, context.Request.Path.Value ?? "", cluster, replica, framing.Messages, error.Error.ToString());
        context.Response.AppendTrailer("grpc-status", GrpcWire.Unavailable.ToString(CultureInfo.InvariantCulture));
        context.Response.AppendTrailer("grpc-message", GrpcWire.EncodeMessage(message));
        try
        {
            await context.Response.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client went away as well; nothing is left to tell it.
            context.Abort();
        }
    }

    internal static (int Status, string Message) Describe(int httpStatus, ForwarderError error) => error switch
    {
        ForwarderError.NoAvailableDestinations => (GrpcWire.Unavailable, "no healthy control-plane replica is available; retry later"),
        ForwarderError.RequestTimedOut => (GrpcWire.DeadlineExceeded, "the control-plane replica did not answer in time"),
        _ when httpStatus == StatusCodes.Status413PayloadTooLarge =>
            (GrpcWire.ResourceExhausted, "the request body exceeds the gateway's limit (Greentic:Gateway:Proxy:MaxRequestBodyBytes)"),
        _ when httpStatus == StatusCodes.Status504GatewayTimeout => (GrpcWire.DeadlineExceeded, "the control-plane replica did not answer in time"),
        _ => (GrpcWire.Unavailable, $"the gateway could not reach a control-plane replica ({error})"),
    };
}

/// <summary>
/// Stands in for the stream's <see cref="IHttpResetFeature"/> while the forwarder runs: a reset it asks for is only
/// recorded, so <see cref="GrpcProxyErrorMiddleware"/> can decide afterwards how the client's stream ends.
/// </summary>
internal sealed class DeferredStreamReset : IHttpResetFeature
{
    /// <summary>The HTTP/2 error code asked for, if a reset was asked for (the first one).</summary>
    public int? ErrorCode { get; private set; }

    public void Reset(int errorCode) => ErrorCode ??= errorCode;
}
