using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Events;

internal static partial class EventsLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Event log {Log} ready")]
    public static partial void Initialized(ILogger logger, string log);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Event log {Log}: {Operation} failed")]
    public static partial void OperationFailed(ILogger logger, string operation, string log, Exception exception);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Event log retention deleted {Count} events")]
    public static partial void Trimmed(ILogger logger, int count);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Event log retention failed")]
    public static partial void TrimFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Subscription of {Tenant} ({Subscriber}) started after {Sequence}")]
    public static partial void SubscriptionStarted(ILogger logger, string tenant, string subscriber, long sequence);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "Subscription of {Tenant} ({Subscriber}) ended after {Sequence}: {Reason}")]
    public static partial void SubscriptionEnded(ILogger logger, string tenant, string subscriber, long sequence, string reason);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "Subscription of {Tenant} ({Subscriber}) resumes after {Sequence}, but events up to {First} were already removed by retention")]
    public static partial void RetentionGap(ILogger logger, string tenant, string subscriber, long sequence, long first);
}
