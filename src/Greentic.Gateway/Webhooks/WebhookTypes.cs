using Greentic.Gateway.Envelope;
using Microsoft.AspNetCore.Http;

namespace Greentic.Gateway.Webhooks;

/// <summary>One webhook request as the adapters see it: the raw body is read once and kept, for signatures.</summary>
internal sealed record WebhookRequest(
    string Adapter,
    string ProviderType,
    string Env,
    string Tenant,
    string? Team,
    string? Handler,
    string Method,
    string Path,
    IQueryCollection Query,
    IHeaderDictionary Headers,
    byte[] Body,
    string? RemoteIp,
    DateTimeOffset ReceivedAt)
{
    public string Header(string name) => Headers.TryGetValue(name, out var v) ? v.ToString() : "";

    public string? ContentType => Headers.ContentType.Count > 0 ? Headers.ContentType.ToString() : null;
}

/// <summary>The answer of a verification step: admitted, or the status and a reason safe to show (never a secret).</summary>
internal readonly record struct WebhookVerdict(int Status, string? Reason)
{
    public bool Admitted => Status == 0;

    public static WebhookVerdict Admit => default;
    public static WebhookVerdict Unauthorized(string reason) => new(StatusCodes.Status401Unauthorized, reason);
    public static WebhookVerdict Forbidden(string reason) => new(StatusCodes.Status403Forbidden, reason);
    public static WebhookVerdict BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);
}

/// <summary>What the gateway sends back to the platform.</summary>
internal sealed record WebhookReply(int Status, string? ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public static WebhookReply Empty(int status) => new(status, null, []);
    public static WebhookReply Text(int status, string text) => new(status, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(text));
    public static WebhookReply Json(int status, object value) => new(status, "application/json", EnvelopeJson.Serialize(value));
}

/// <summary>What an adapter made of a verified request.</summary>
internal abstract record WebhookParse
{
    /// <summary>A platform handshake answered directly (Slack url_verification, WhatsApp hub.challenge).</summary>
    public sealed record Handshake(WebhookReply Reply) : WebhookParse;

    /// <summary>The body is not what the platform sends: 400 with the reason.</summary>
    public sealed record Malformed(string Reason) : WebhookParse;

    /// <summary>
    /// One delivery: its dedupe id (the platform's retry-stable id: update_id, event_id, activity id, message
    /// ids, Idempotency-Key) and the canonical envelopes it carries. A null id disables deduplication.
    /// </summary>
    public sealed record Delivery(string? DedupeId, IReadOnlyList<CanonicalEnvelope> Envelopes) : WebhookParse;
}

/// <summary>Endpoint metadata marking a webhook route (rate limits take its tenant from the path).</summary>
internal sealed record WebhookEndpointMetadata(string Adapter);
