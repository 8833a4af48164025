using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// When the proxy fails a gRPC call before anything reached the client (no healthy replica, connection
/// refused, timeout, body too large), YARP leaves a bare HTTP status (502, 503, 504, 413). gRPC clients
/// would turn those into UNAVAILABLE or UNKNOWN without a word; this answers with the matching gRPC status
/// and a message a person can act on instead.
/// </summary>
internal sealed class GrpcProxyErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested || !GrpcWire.IsGrpc(context.Request)) return;
        var (status, message) = Describe(context.Response.StatusCode, error.Error);
        context.Response.Clear();
        await GrpcWire.WriteStatusAsync(context.Response, status, message);
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
