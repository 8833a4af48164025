using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Secrets;

/// <summary>Secrets log messages: names and decisions only, never values.</summary>
internal static partial class SecretsLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Secret {Secret} stored in {Store}")]
    public static partial void SecretStored(ILogger logger, string secret, string store);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Secret access denied for {Scope}: {Reason}")]
    public static partial void AccessDenied(ILogger logger, string scope, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Secret {Secret} read for {Scope} (found: {Found})")]
    public static partial void SecretRead(ILogger logger, string secret, string scope, bool found);
}
