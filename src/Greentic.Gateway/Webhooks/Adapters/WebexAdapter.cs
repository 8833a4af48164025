using System.Security.Cryptography;
using System.Text.Json;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Http;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// Webex webhooks created with a <c>secret</c>: <c>X-Spark-Signature</c> is the hex HMAC-SHA1 of the raw body
/// under that secret (the tenant's <c>WEBEX_WEBHOOK_SECRET</c>), compared in constant time. A notification
/// (<c>{resource, event, actorId, data{id, roomId, parentId?, personId, …}}</c>) carries ids, not text: the
/// provider fetches the message. Sessions anchor on <c>parentId</c> (a thread), else <c>roomId</c>; retries are
/// recognised by resource, event and <c>data.id</c>.
/// </summary>
internal sealed class WebexAdapter(IWebhookSecrets secrets) : IWebhookAdapter
{
    public const string SignatureHeader = "X-Spark-Signature";

    public string Name => "webex";
    public string DefaultProviderType => "messaging.webex.bot";

    public async ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var signature = request.Header(SignatureHeader);
        if (signature.Length == 0) return WebhookVerdict.Unauthorized($"the request has no {SignatureHeader} header");
        var secret = await secrets.GetAsync(new(request.Env, request.Tenant, request.Team), WebhookSecretNames.WebexWebhookSecret, cancellationToken);
        if (secret is null)
            return WebhookVerdict.Forbidden($"tenant '{request.Tenant}' has no {WebhookSecretNames.WebexWebhookSecret}; create the webhook with a secret and store it");
        return WebhookSignatures.HmacHexEquals(signature, HashAlgorithmName.SHA1, secret, request.Body)
            ? WebhookVerdict.Admit
            : WebhookVerdict.Unauthorized($"{SignatureHeader} does not match the body signed with the tenant's webhook secret");
    }

    public WebhookParse Parse(WebhookRequest request)
    {
        if (Json.ParseObject(request.Body, out var error) is not { } body) return new WebhookParse.Malformed(error!);
        if (Json.At(body, "data") is not { ValueKind: JsonValueKind.Object } data || Json.Str(data, "id") is not { } dataId)
            return new WebhookParse.Malformed("a Webex notification has a data object with an id");
        var resource = Json.Str(body, "resource") ?? "unknown";
        var @event = Json.Str(body, "event") ?? "unknown";
        var ids = new ProviderIds
        {
            WorkspaceId = Json.Str(body, "orgId"),
            ConversationId = Json.Str(data, "roomId"),
            ThreadId = Json.Str(data, "parentId"),
            UserId = Json.Str(data, "personId") ?? Json.Str(body, "actorId"),
            MessageId = resource == "messages" ? dataId : Json.Str(data, "messageId"),
            EventId = dataId,
        };
        DateTimeOffset? created = DateTimeOffset.TryParse(Json.Str(data, "created"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var c) ? c : null;
        var envelope = EnvelopeBuilder.Build(request, ids, body, timestamp: created, channelData: data);
        return new WebhookParse.Delivery($"{resource}:{@event}:{dataId}", [envelope]);
    }

    public WebhookReply Acknowledge(WebhookRequest request) => WebhookReply.Empty(StatusCodes.Status200OK);
}
