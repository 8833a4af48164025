using Microsoft.Extensions.Logging;

namespace Greentic.Gateway.Proxy;

internal static partial class ProxyLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Proxy configuration {Version} applied: {Routes} route(s), {Clusters} cluster(s) from {Source}")]
    public static partial void ConfigChanged(ILogger logger, string version, int routes, int clusters, string source);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "Proxy configuration rejected, keeping {Version}: {Count} error(s): {Errors}")]
    public static partial void ConfigRejected(ILogger logger, string version, int count, string errors);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Destination {Cluster}/{Destination} is now {Health} (gRPC health probe: {Reason})")]
    public static partial void DestinationHealthChanged(ILogger logger, string cluster, string destination, string health, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning,
        Message = "Retrying idempotent call {Path} on another replica after {Destination} failed ({Error}); attempt {Attempt}")]
    public static partial void RetryingOnAnotherReplica(ILogger logger, string path, string destination, string error, int attempt);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning,
        Message = "gRPC call {Path} ended UNAVAILABLE for the client: replica {Cluster}/{Destination} went away after {Messages} message(s) ({Error})")]
    public static partial void BrokenStreamEndedUnavailable(ILogger logger, string path, string cluster, string destination, long messages, string error);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning,
        Message = "gRPC call {Path} reset with INTERNAL_ERROR: replica {Cluster}/{Destination} went away inside a message ({Error}), so no status can follow it")]
    public static partial void BrokenStreamResetMidMessage(ILogger logger, string path, string cluster, string destination, string error);
}
