namespace Greentic.Gateway.Webhooks;

/// <summary><c>Greentic:Gateway:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Larger webhook bodies are refused with 413 before anything else is done with them.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Slack's replay window: requests whose X-Slack-Request-Timestamp is further from now are refused.</summary>
    public TimeSpan SlackReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The provider type each adapter dispatches to (its binding's <c>provider_type</c>). Defaults: telegram →
    /// messaging.telegram.bot, slack → messaging.slack.api, teams → messaging.teams.bot, webchat →
    /// messaging.webchat, webex → messaging.webex.bot, whatsapp → messaging.whatsapp.cloud, webhook → webhook.generic.
    /// </summary>
    public Dictionary<string, string> ProviderTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// <c>ANY /webhook/{flow_id}</c>: the client networks allowed to call it (CIDR, e.g. <c>10.0.0.0/8</c>).
    /// Default: loopback only.
    /// </summary>
    public List<string> GenericAllowedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>Bot Framework (Teams, WebChat) token validation.</summary>
    public BotFrameworkOptions BotFramework { get; set; } = new();
}

/// <summary>How Bot Framework tokens on Teams and WebChat activities are validated.</summary>
public sealed class BotFrameworkOptions
{
    /// <summary>The OpenID metadata document whose <c>jwks_uri</c> lists the signing keys (with their endorsements).</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Accepted issuers of channel-to-bot tokens.</summary>
    public List<string> Issuers { get; set; } = ["https://api.botframework.com"];

    /// <summary>Metadata and keys must come over https; tests that serve their own on loopback turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long fetched keys are used before they are fetched again (an unknown kid refetches sooner).</summary>
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Tolerance for exp and nbf (the Bot Framework protocol allows five minutes).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
