using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.OAuth;

/// <summary>The broker's log lines. Subjects appear only as their hash (<see cref="OAuthStore.SubjectKey"/>); tokens, codes and verifiers never.</summary>
internal static partial class OAuthLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "OAuth consent started for tenant {Tenant}, provider {Provider}, subject {SubjectKey}")]
    public static partial void ConsentStarted(ILogger logger, string tenant, string provider, string subjectKey);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "OAuth code exchanged for tenant {Tenant}, provider {Provider}, subject {SubjectKey}")]
    public static partial void CodeExchanged(ILogger logger, string tenant, string provider, string subjectKey);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "OAuth token refreshed for tenant {Tenant}, provider {Provider}, subject {SubjectKey}")]
    public static partial void TokenRefreshed(ILogger logger, string tenant, string provider, string subjectKey);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "OAuth refresh refused for tenant {Tenant}, provider {Provider}, subject {SubjectKey}: {Error}; the token set was dropped")]
    public static partial void RefreshRefused(ILogger logger, string tenant, string provider, string subjectKey, string error);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "OAuth consent refused for tenant {Tenant}, provider {Provider}, subject {SubjectKey}: {Reason}")]
    public static partial void ConsentRefused(ILogger logger, string tenant, string provider, string subjectKey, string reason);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "OAuth refresh lost a race for tenant {Tenant}, provider {Provider}, subject {SubjectKey}: another refresh stored a newer token set, which is used")]
    public static partial void RefreshRaceLost(ILogger logger, string tenant, string provider, string subjectKey);
}
