using Microsoft.Extensions.Logging;

namespace Greentic.Gateway.Hosting;

internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Admin request from {Remote} refused: {Reason}")]
    public static partial void AdminRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Purged {Count} expired dedupe entries from {Store}")]
    public static partial void DedupePurged(ILogger logger, int count, string store);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Purging expired dedupe entries from {Store} failed: {Reason}")]
    public static partial void DedupePurgeFailed(ILogger logger, string store, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Gateway listening on {Addresses}")]
    public static partial void Listening(ILogger logger, string addresses);
}
