using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Timers;

internal static partial class TimersLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Timer {Key} fired by {Owner}")]
    public static partial void Fired(ILogger logger, string key, string owner);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Timer {Key} failed and is released for a retry: {Reason}")]
    public static partial void FireFailed(ILogger logger, string key, string reason);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Timer {Key}: the claim ran out ({Lease}) before the firing was recorded; another replica fires it again (same idempotency key)")]
    public static partial void ClaimLost(ILogger logger, string key, TimeSpan lease);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "Timer schedule skipped: {Error}")]
    public static partial void BadSchedule(ILogger logger, string error);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Timer pass failed; the next pass retries: {Reason}")]
    public static partial void PassFailed(ILogger logger, string reason);
}
