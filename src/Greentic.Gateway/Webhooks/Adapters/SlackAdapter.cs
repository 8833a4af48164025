using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// Slack Events API (<c>/slack/events</c>) and interactivity (<c>/slack/interactive</c>, form-encoded <c>payload=</c>).
/// Verification is Slack's request signing: <c>X-Slack-Signature</c> must be <c>v0=</c> + hex HMAC-SHA256 of
/// <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c> under the tenant's <c>SLACK_SIGNING_SECRET</c>, compared in
/// constant time, with the timestamp within <c>SlackReplayWindow</c> (5 minutes) of now either way.
/// <c>url_verification</c> (itself signed) is answered with its challenge. Sessions anchor on <c>thread_ts</c>,
/// else the channel; retries are recognised by <c>event_id</c> (events) and <c>trigger_id</c> (interactions).
/// </summary>
internal sealed class SlackAdapter(IWebhookSecrets secrets, IOptionsMonitor<GatewayOptions> options, TimeProvider time) : IWebhookAdapter
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    public string Name => "slack";
    public string DefaultProviderType => "messaging.slack.api";

    public async ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var signature = request.Header(SignatureHeader);
        var timestamp = request.Header(TimestampHeader);
        if (signature.Length == 0 || timestamp.Length == 0)
            return WebhookVerdict.Unauthorized($"Slack requests carry {SignatureHeader} and {TimestampHeader}; this one lacks them");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return WebhookVerdict.Unauthorized($"{TimestampHeader} is not a Unix time in seconds");
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Min(seconds, 253402300799));
        if (age.Duration() > options.CurrentValue.Webhooks.SlackReplayWindow)
            return WebhookVerdict.Unauthorized($"{TimestampHeader} is {Math.Abs((long)age.TotalSeconds)}s from now, outside the replay window; a replayed or stale request");
        if (!signature.StartsWith("v0=", StringComparison.Ordinal))
            return WebhookVerdict.Unauthorized($"{SignatureHeader} is not a v0 signature");
        var secret = await secrets.GetAsync(new(request.Env, request.Tenant, request.Team), WebhookSecretNames.SlackSigningSecret, cancellationToken);
        if (secret is null)
            return WebhookVerdict.Forbidden($"tenant '{request.Tenant}' has no {WebhookSecretNames.SlackSigningSecret}; set it to the app's signing secret");
        return WebhookSignatures.HmacHexEquals(signature[3..], HashAlgorithmName.SHA256, secret,
                Encoding.ASCII.GetBytes($"v0:{timestamp}:"), request.Body)
            ? WebhookVerdict.Admit
            : WebhookVerdict.Unauthorized($"{SignatureHeader} does not match the body signed with the tenant's signing secret");
    }

    public WebhookParse Parse(WebhookRequest request) =>
        string.Equals(request.Handler, "interactive", StringComparison.Ordinal) ? ParseInteraction(request) : ParseEvent(request);

    public WebhookReply Acknowledge(WebhookRequest request) => WebhookReply.Empty(StatusCodes.Status200OK);

    private static WebhookParse ParseEvent(WebhookRequest request)
    {
        if (Json.ParseObject(request.Body, out var error) is not { } body) return new WebhookParse.Malformed(error!);
        var type = Json.Str(body, "type");
        if (type == "url_verification")
        {
            return Json.Str(body, "challenge") is { } challenge
                ? new WebhookParse.Handshake(WebhookReply.Json(StatusCodes.Status200OK, new { challenge }))
                : new WebhookParse.Malformed("url_verification without a challenge");
        }
        if (type != "event_callback" && type != "app_rate_limited")
            return new WebhookParse.Malformed($"unknown Slack envelope type '{Tenancy.TenantName.Sanitize(type)}'; expected event_callback or url_verification");
        var eventId = Json.Str(body, "event_id");
        if (type == "app_rate_limited") return new WebhookParse.Delivery(null, []);
        if (string.IsNullOrEmpty(eventId)) return new WebhookParse.Malformed("the event_callback has no event_id");
        if (Json.At(body, "event") is not { ValueKind: JsonValueKind.Object } ev) return new WebhookParse.Malformed("the event_callback has no event object");
        var channel = Json.Str(ev, "channel") ?? Json.Str(ev, "item", "channel");
        var ids = new ProviderIds
        {
            TeamId = Json.Str(body, "team_id") ?? Json.Str(ev, "team"),
            WorkspaceId = Json.Str(body, "enterprise_id") ?? Json.Str(body, "team_id"),
            ChannelId = channel,
            ThreadId = Json.Str(ev, "thread_ts"),
            UserId = Json.Str(ev, "user"),
            MessageId = Json.Str(ev, "client_msg_id") ?? Json.Str(ev, "ts"),
            EventId = eventId,
        };
        var text = Json.Str(ev, "text");
        var envelope = EnvelopeBuilder.Build(request, ids, body,
            timestamp: Json.UnixSeconds(Json.Long(body, "event_time")),
            text: text,
            attachments: Json.Array(ev, "files").Select(f => new EnvelopeAttachment(
                "file", Json.Str(f, "name"), Json.Str(f, "mimetype"), Json.Long(f, "size"), Json.Str(f, "url_private"), null)).ToList(),
            entities: Entities(text));
        return new WebhookParse.Delivery($"event-{eventId}", [envelope]);
    }

    private static WebhookParse ParseInteraction(WebhookRequest request)
    {
        string? payloadText;
        try
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body));
            payloadText = form.TryGetValue("payload", out var p) ? p.ToString() : null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return new WebhookParse.Malformed($"the body is not form-encoded: {ex.Message}");
        }
        if (string.IsNullOrEmpty(payloadText)) return new WebhookParse.Malformed("an interaction body is form-encoded 'payload=<json>'; there is no payload");
        if (Json.ParseObject(Encoding.UTF8.GetBytes(payloadText), out var error) is not { } payload)
            return new WebhookParse.Malformed($"payload: {error}");
        var id = Json.Str(payload, "trigger_id");
        var actions = Json.Array(payload, "actions").ToList();
        id ??= actions.Select(a => Json.Str(a, "action_ts")).FirstOrDefault(t => t is not null);
        if (string.IsNullOrEmpty(id)) return new WebhookParse.Malformed("the interaction has no trigger_id");
        var ids = new ProviderIds
        {
            TeamId = Json.Str(payload, "team", "id"),
            WorkspaceId = Json.Str(payload, "enterprise", "id") ?? Json.Str(payload, "team", "id"),
            ChannelId = Json.Str(payload, "channel", "id") ?? Json.Str(payload, "container", "channel_id"),
            ThreadId = Json.Str(payload, "container", "thread_ts") ?? Json.Str(payload, "message", "thread_ts"),
            UserId = Json.Str(payload, "user", "id"),
            MessageId = Json.Str(payload, "container", "message_ts") ?? Json.Str(payload, "message", "ts"),
            EventId = id,
        };
        var buttons = actions.Select(a => new EnvelopeButton(
            Json.Str(a, "action_id") ?? "", Json.Str(a, "text", "text") ?? Json.Str(a, "action_id") ?? "", Json.Str(a, "value"))).ToList();
        var envelope = EnvelopeBuilder.Build(request, ids, payload,
            text: buttons.FirstOrDefault()?.Payload, buttons: buttons, channelData: payload);
        return new WebhookParse.Delivery($"interaction-{id}", [envelope]);
    }

    private static EnvelopeEntities Entities(string? text)
    {
        if (string.IsNullOrEmpty(text)) return new([], []);
        var mentions = new List<string>();
        var urls = new List<string>();
        // Slack mrkdwn: <@U123>, <@U123|name>, <https://…|label>.
        for (var start = text.IndexOf('<'); start >= 0; start = text.IndexOf('<', start + 1))
        {
            var end = text.IndexOf('>', start);
            if (end < 0) break;
            var inner = text[(start + 1)..end];
            var bar = inner.IndexOf('|');
            var target = bar < 0 ? inner : inner[..bar];
            if (target.StartsWith('@')) mentions.Add(target[1..]);
            else if (target.StartsWith("http", StringComparison.OrdinalIgnoreCase)) urls.Add(target);
        }
        return new(mentions, urls);
    }
}
