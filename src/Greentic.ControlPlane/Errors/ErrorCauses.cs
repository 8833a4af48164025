using Grpc.Core;

namespace Greentic.ControlPlane.Errors;

/// <summary>
/// Lets the code that knows why a call fails name the cause on the <see cref="RpcException"/> it throws; the
/// status details themselves are made in one place (<see cref="StatusDetailsInterceptor"/>). The cause rides in
/// <see cref="Exception.Data"/>, so it survives rethrows through interceptors and the resilience pipeline.
/// </summary>
public static class ErrorCauses
{
    private const string Key = "greentic.error-cause";

    public static RpcException WithCause(this RpcException exception, string reason, params (string Key, string? Value)[] metadata) =>
        exception.WithCause(ErrorCause.Of(reason, metadata));

    public static RpcException WithCause(this RpcException exception, ErrorCause cause)
    {
        exception.Data[Key] = cause;
        return exception;
    }

    /// <summary>Names a cause only when none is named yet (an outer layer fills in what an inner one left open).</summary>
    public static RpcException WithDefaultCause(this RpcException exception, Func<ErrorCause> cause) =>
        exception.CauseOf() is null ? exception.WithCause(cause()) : exception;

    public static ErrorCause? CauseOf(this Exception exception) => exception.Data[Key] as ErrorCause;
}
