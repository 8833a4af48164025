using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Information, "Request content-type '{ContentType}' is not supported.")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType);

    [LoggerMessage(2, LogLevel.Information, "Request protocol '{Protocol}' is not supported.")]
    public static partial void UnsupportedProtocol(ILogger logger, string protocol);

    [LoggerMessage(3, LogLevel.Debug, "Invalid grpc-timeout value '{Timeout}' ignored: the call has no deadline.")]
    public static partial void InvalidTimeoutIgnored(ILogger logger, string timeout);

    [LoggerMessage(4, LogLevel.Debug, "Deadline exceeded after {Timeout}.")]
    public static partial void DeadlineExceeded(ILogger logger, TimeSpan timeout);

    [LoggerMessage(5, LogLevel.Error, "Error when executing service method '{Method}'.")]
    public static partial void ErrorExecutingServiceMethod(ILogger logger, string method, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Call '{Method}' ended with status {StatusCode}: '{Detail}'.")]
    public static partial void RpcError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(7, LogLevel.Debug, "Call '{Method}' was cancelled by the client.")]
    public static partial void CallCancelledByClient(ILogger logger, string method);

    [LoggerMessage(8, LogLevel.Information, "Failed to deserialize a request message for '{Method}'.")]
    public static partial void DeserializeFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Service '{Service}' is unimplemented.")]
    public static partial void ServiceUnimplemented(ILogger logger, string service);

    [LoggerMessage(10, LogLevel.Information, "Method '{Method}' of service '{Service}' is unimplemented.")]
    public static partial void MethodUnimplemented(ILogger logger, string service, string method);

    [LoggerMessage(11, LogLevel.Debug, "Error while ending a call after its deadline.")]
    public static partial void DeadlineCancellationError(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Debug, "Invalid binary header '{Key}' ignored.")]
    public static partial void InvalidBinaryHeader(ILogger logger, string key);
}
