namespace Greentic.Sidecar.Host;

internal static partial class SidecarLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "greentic sidecar listening on {Listen}")]
    public static partial void Listening(ILogger logger, string listen);
}
