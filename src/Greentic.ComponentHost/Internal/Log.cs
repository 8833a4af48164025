using Microsoft.Extensions.Logging;

namespace Greentic.ComponentHost.Internal;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Compiled component {Digest} in {ElapsedMs} ms")]
    public static partial void Compiled(ILogger logger, string digest, double elapsedMs);

    [LoggerMessage(2, LogLevel.Debug, "Loaded compiled component {Digest} from the cache in {ElapsedMs} ms")]
    public static partial void LoadedFromCache(ILogger logger, string digest, double elapsedMs);

    [LoggerMessage(3, LogLevel.Warning, "Discarded cached artifact {Path}: {Reason}")]
    public static partial void DiscardedArtifact(ILogger logger, string path, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Could not write the compiled artifact {Path}")]
    public static partial void ArtifactWriteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(10, LogLevel.Information, "guest stdout [{Env}/{Tenant}/{Team}] {Component}: {Line}")]
    public static partial void GuestStdout(ILogger logger, string env, string tenant, string team, string component, string line);

    [LoggerMessage(11, LogLevel.Warning, "guest stderr [{Env}/{Tenant}/{Team}] {Component}: {Line}")]
    public static partial void GuestStderr(ILogger logger, string env, string tenant, string team, string component, string line);

    [LoggerMessage(12, LogLevel.Warning, "guest output [{Env}/{Tenant}/{Team}] {Component}: {Dropped} bytes over the per-call cap were dropped")]
    public static partial void GuestOutputDropped(ILogger logger, string env, string tenant, string team, string component, long dropped);

    [LoggerMessage(13, LogLevel.Information, "guest log [{Env}/{Tenant}/{Team}] {Component} flow={FlowId} node={NodeId}: {Fields}")]
    public static partial void GuestTelemetry(ILogger logger, string env, string tenant, string team, string component, string flowId, string nodeId, string fields);

    [LoggerMessage(20, LogLevel.Warning, "Component call {Export} of {Component} for {Env}/{Tenant} failed: {Kind}")]
    public static partial void CallFailed(ILogger logger, string export, string component, string env, string tenant, ComponentErrorKind kind);

    [LoggerMessage(21, LogLevel.Warning, "Host import {Import} failed for {Env}/{Tenant}")]
    public static partial void HostImportFailed(ILogger logger, Exception exception, string import, string env, string tenant);

    [LoggerMessage(22, LogLevel.Warning, "OAuth broker {Function} answered empty for {Env}/{Tenant}: {Reason}")]
    public static partial void OAuthBrokerFailed(ILogger logger, string function, string env, string tenant, string reason);

    [LoggerMessage(30, LogLevel.Warning, "Egress refused: {Method} {Host}:{Port}")]
    public static partial void EgressRefused(ILogger logger, string method, string host, int port);
}
