using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Stores;

internal static partial class StoreLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "State store {Store} ready")]
    public static partial void Initialized(ILogger logger, string store);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "State store {Store}: {Operation} failed")]
    public static partial void OperationFailed(ILogger logger, string operation, string store, Exception exception);
}
