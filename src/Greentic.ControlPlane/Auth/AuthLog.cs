using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Auth;

/// <summary>Source-generated log messages for authentication and authorization. None takes a token.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Authorization denied for {Principal} on tenant {Tenant} team {Team}: {Status} {Reason}")]
    public static partial void AuthorizationDenied(ILogger logger, string principal, string tenant, string team, AuthStatus status, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Bearer token accepted for {Subject} ({TenantCount} tenants)")]
    public static partial void TokenAccepted(ILogger logger, string subject, int tenantCount);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Bearer token refused ({Reason}): {Detail}")]
    public static partial void TokenRefused(ILogger logger, string reason, string detail);




    [LoggerMessage(EventId = 1020, Level = LogLevel.Debug, Message = "Client certificate accepted as {Subject}")]
    public static partial void CertificateAccepted(ILogger logger, string subject);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Client certificate {Certificate} refused: {Reason}")]
    public static partial void CertificateRefused(ILogger logger, string certificate, string reason);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "Admin call from {Remote} refused: {Reason}")]
    public static partial void AdminRefused(ILogger logger, string remote, string reason);
}
