using Greentic.ControlPlane.Tenancy;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Errors;

/// <summary>
/// The one place handler errors get their status details. It wraps every handler (a global interceptor, so it
/// also sees the tenant check's refusals) and turns each failure into the same status and message with
/// <c>grpc-status-details-bin</c> added:
/// <list type="number">
/// <item>an <see cref="RpcException"/> keeps its code and message; its cause is the one its thrower named
/// (<see cref="ErrorCauses.WithCause(RpcException, string, ValueTuple{string, string}[])"/>), else the status code's name;</item>
/// <item>the authorized tenant is added to the metadata when the cause does not name one;</item>
/// <item>any other exception is logged and answered as grpc-dotnet would (UNKNOWN, "Exception was thrown by handler."),
/// with reason <see cref="ErrorReasons.InternalError"/>; the exception's text never reaches the client.</item>
/// </list>
/// A call its client cancelled (or whose deadline passed) has nobody to answer: that exception passes through.
/// </summary>
internal sealed partial class StatusDetailsInterceptor(ILogger<StatusDetailsInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } translated)
        {
            throw translated;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, context) is { } translated)
        {
            throw translated;
        }
    }

    /// <returns>The exception to throw instead, or null to let <paramref name="e"/> pass unchanged.</returns>
    private RpcException? Translate(Exception e, ServerCallContext context)
    {
        if (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested) return null;
        var tenant = context.TryAuthorized()?.Tenant.Tenant;
        if (e is RpcException rpc)
        {
            var cause = rpc.CauseOf() ?? ErrorCause.Of(ErrorReasons.ForStatus(rpc.StatusCode));
            return StatusDetails.Attach(rpc, cause.WithDefault("tenant", tenant));
        }
        HandlerFailed(logger, context.Method, e);
        var unknown = new RpcException(new Status(StatusCode.Unknown, "Exception was thrown by handler."));
        return StatusDetails.Attach(unknown, ErrorCause.Of(ErrorReasons.InternalError, ("tenant", tenant)));
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Error when executing service method '{Method}'.")]
    private static partial void HandlerFailed(ILogger logger, string method, Exception exception);
}
