using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Client.Internal;

internal static partial class ClientLog
{
    [LoggerMessage(1, LogLevel.Debug, "Call '{Method}' ended with status {StatusCode}: '{Detail}'.")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(2, LogLevel.Debug, "Call '{Method}' exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);
}
