using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Messaging;

internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "Messaging store {Store}: {Operation} failed")]
    public static partial void StoreFailed(ILogger logger, string operation, string store, Exception exception);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Send {JobId} via {Provider} for {Tenant}: {Op} failed on attempt {Attempt}/{MaxAttempts} ({Code}, retryable {Retryable}); next in {DelayMs} ms")]
    public static partial void AttemptFailed(ILogger logger, string jobId, string provider, string tenant, string op, int attempt, int maxAttempts, string code, bool retryable, long delayMs);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "Send {JobId} via {Provider} for {Tenant} failed after {Attempts} attempt(s) ({Code}); dead letter {DeadLetterId}")]
    public static partial void DeadLettered(ILogger logger, string jobId, string provider, string tenant, int attempts, string code, string deadLetterId);
}
