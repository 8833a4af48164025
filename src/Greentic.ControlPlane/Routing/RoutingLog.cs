using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Routing;

internal static partial class RoutingLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Routing policy from {Directory} loaded: {RuleCount} rules in {FileCount} files, version {Version}")]
    public static partial void Reloaded(ILogger logger, string directory, int ruleCount, int fileCount, string version);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Routing policy from {Directory} not loaded ({ErrorCount} errors); keeping the previous policy: {Errors}")]
    public static partial void ReloadFailed(ILogger logger, string directory, int errorCount, string errors);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Watching {Directory} failed; relying on polling: {Error}")]
    public static partial void WatcherFailed(ILogger logger, string directory, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "A routing policy change handler threw")]
    public static partial void ChangedHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Checking the routing policy directory failed; trying again at the next poll")]
    public static partial void WatchRoundFailed(ILogger logger, Exception exception);
}
