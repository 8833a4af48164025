namespace Greentic.Gateway.Webhooks;

/// <summary>
/// One platform's webhook rules. The pipeline (<see cref="WebhookPipeline"/>) calls them in order —
/// verify, parse — and answers repeats and provider-less deliveries with <see cref="Acknowledge"/>.
/// </summary>
internal interface IWebhookAdapter
{
    /// <summary>The path name: telegram, slack, teams, webchat, webex, whatsapp, webhook.</summary>
    string Name { get; }

    /// <summary>The provider type dispatched to unless <c>Webhooks:ProviderTypes</c> overrides it.</summary>
    string DefaultProviderType { get; }

    /// <summary>
    /// Authenticates the request exactly as the platform specifies (signature, token, JWT), before anything
    /// else reads the body. Never puts a secret or a computed signature into the reason.
    /// </summary>
    ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken);

    /// <summary>Turns a verified body into canonical envelopes, or a handshake, or a reason it is malformed.</summary>
    WebhookParse Parse(WebhookRequest request);

    /// <summary>The platform's expected answer to a delivery the gateway accepted without a provider reply (and to a repeat).</summary>
    WebhookReply Acknowledge(WebhookRequest request);

    /// <summary>True when a repeat must get the first response itself (Idempotency-Key semantics).</summary>
    bool ReplaysFirstResponse => false;
}
