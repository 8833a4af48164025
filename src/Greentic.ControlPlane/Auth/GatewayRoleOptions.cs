namespace Greentic.ControlPlane.Auth;

/// <summary><c>Greentic:Auth:Gateway</c>: what the <see cref="GreenticRoles.Gateway"/> role may read.</summary>
public sealed class GatewayRoleOptions
{
    public const string SectionName = "Greentic:Auth:Gateway";

    /// <summary>The secret keys the gateway may Get: the webhook verification secrets, as the gateway asks for them.</summary>
    public List<string> SecretNames { get; set; } =
    [
        "TELEGRAM_WEBHOOK_SECRET_TOKEN",
        "SLACK_SIGNING_SECRET",
        "WHATSAPP_VERIFY_TOKEN",
        "WHATSAPP_APP_SECRET",
        "WEBEX_WEBHOOK_SECRET",
        "MS_BOT_APP_ID",
    ];
}
