namespace Greentic.Gateway.Webhooks.Secrets;

/// <summary>
/// Per-tenant webhook secrets (signing secrets, verify tokens, bot app ids). The production implementation
/// asks the control plane's <c>greentic.secrets.v1.SecretsService</c> with the gateway's service credentials;
/// a team without its own secret falls back to the tenant's (the control plane's rule).
/// </summary>
public interface IWebhookSecrets
{
    /// <returns>The value, or null when the tenant has no such secret.</returns>
    /// <exception cref="WebhookSecretsUnavailableException">The secret store could not be asked.</exception>
    ValueTask<SecretValue?> GetAsync(WebhookSecretScope scope, string name, CancellationToken cancellationToken);
}

/// <summary>Whose secret: the env, tenant and (optional) team of the webhook's path.</summary>
public readonly record struct WebhookSecretScope(string Env, string Tenant, string? Team);

/// <summary>A secret's bytes; <see cref="ToString"/> never shows them, so an accidental log line stays clean.</summary>
public sealed class SecretValue(byte[] value)
{
    public ReadOnlySpan<byte> Span => value;

    public string AsString() => System.Text.Encoding.UTF8.GetString(value).Trim();

    public override string ToString() => "(secret)";
}

/// <summary>The secret store did not answer; the webhook gets 503 so the platform retries later.</summary>
public sealed class WebhookSecretsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The names the adapters ask for (bare names, as upstream's components use them).</summary>
public static class WebhookSecretNames
{
    public const string TelegramSecretToken = "TELEGRAM_WEBHOOK_SECRET_TOKEN";
    public const string SlackSigningSecret = "SLACK_SIGNING_SECRET";
    public const string WhatsAppVerifyToken = "WHATSAPP_VERIFY_TOKEN";
    public const string WhatsAppAppSecret = "WHATSAPP_APP_SECRET";
    public const string WebexWebhookSecret = "WEBEX_WEBHOOK_SECRET";
    public const string BotAppId = "MS_BOT_APP_ID";
}
