using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Http;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// WhatsApp Cloud API webhooks (Meta Graph). <c>GET</c> is the subscription handshake: <c>hub.mode=subscribe</c>
/// and <c>hub.verify_token</c> equal (constant time) to the tenant's <c>WHATSAPP_VERIFY_TOKEN</c> → 200 with
/// <c>hub.challenge</c>, else 403. <c>POST</c> carries <c>X-Hub-Signature-256: sha256=</c> + hex HMAC-SHA256 of
/// the raw body under the app secret (<c>WHATSAPP_APP_SECRET</c>). One notification may carry several messages
/// (<c>entry[].changes[].value.messages[]</c>): one envelope each, the session anchored on the sender
/// (<c>from</c>, the conversation), the delivery recognised by its message ids (status-only notifications by
/// status id and state).
/// </summary>
internal sealed class WhatsAppAdapter(IWebhookSecrets secrets) : IWebhookAdapter
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    public string Name => "whatsapp";
    public string DefaultProviderType => "messaging.whatsapp.cloud";

    public async ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var scope = new WebhookSecretScope(request.Env, request.Tenant, request.Team);
        if (HttpMethods.IsGet(request.Method))
        {
            if (request.Query["hub.mode"] != "subscribe") return WebhookVerdict.Forbidden("hub.mode must be 'subscribe'");
            var token = await secrets.GetAsync(scope, WebhookSecretNames.WhatsAppVerifyToken, cancellationToken);
            if (token is null) return WebhookVerdict.Forbidden($"tenant '{request.Tenant}' has no {WebhookSecretNames.WhatsAppVerifyToken}");
            return WebhookSignatures.TokenEquals(request.Query["hub.verify_token"].ToString(), token.Span)
                ? WebhookVerdict.Admit
                : WebhookVerdict.Forbidden("hub.verify_token does not match the tenant's verify token");
        }
        var signature = request.Header(SignatureHeader);
        if (!signature.StartsWith("sha256=", StringComparison.Ordinal))
            return WebhookVerdict.Unauthorized($"the request has no '{SignatureHeader}: sha256=…' header");
        var secret = await secrets.GetAsync(scope, WebhookSecretNames.WhatsAppAppSecret, cancellationToken);
        if (secret is null) return WebhookVerdict.Forbidden($"tenant '{request.Tenant}' has no {WebhookSecretNames.WhatsAppAppSecret}; set it to the Meta app secret");
        return WebhookSignatures.HmacHexEquals(signature[7..], HashAlgorithmName.SHA256, secret, request.Body)
            ? WebhookVerdict.Admit
            : WebhookVerdict.Unauthorized($"{SignatureHeader} does not match the body signed with the tenant's app secret");
    }

    public WebhookParse Parse(WebhookRequest request)
    {
        if (HttpMethods.IsGet(request.Method))
            return new WebhookParse.Handshake(WebhookReply.Text(StatusCodes.Status200OK, request.Query["hub.challenge"].ToString()));
        if (Json.ParseObject(request.Body, out var error) is not { } body) return new WebhookParse.Malformed(error!);
        if (Json.Str(body, "object") != "whatsapp_business_account")
            return new WebhookParse.Malformed("a WhatsApp notification has object 'whatsapp_business_account'");
        var envelopes = new List<CanonicalEnvelope>();
        var ids = new List<string>();
        foreach (var entry in Json.Array(body, "entry"))
        {
            foreach (var change in Json.Array(entry, "changes"))
            {
                if (Json.At(change, "value") is not { ValueKind: JsonValueKind.Object } value) continue;
                var phoneNumberId = Json.Str(value, "metadata", "phone_number_id");
                foreach (var message in Json.Array(value, "messages"))
                {
                    var messageId = Json.Str(message, "id");
                    if (messageId is null) return new WebhookParse.Malformed("a message has no id");
                    ids.Add(messageId);
                    var from = Json.Str(message, "from");
                    var provider = new ProviderIds
                    {
                        WorkspaceId = Json.Str(entry, "id"),
                        ChannelId = phoneNumberId,
                        ConversationId = from,
                        UserId = from,
                        MessageId = messageId,
                        EventId = messageId,
                    };
                    // A reply quotes context.id, but WhatsApp has no threads: the chat with the sender is the session.
                    envelopes.Add(EnvelopeBuilder.Build(request, provider, message,
                        timestamp: Json.UnixSeconds(Json.Long(message, "timestamp")),
                        text: Json.Str(message, "text", "body") ?? Json.Str(message, "button", "text")
                              ?? Json.Str(message, "interactive", "button_reply", "title") ?? Json.Str(message, "interactive", "list_reply", "title"),
                        attachments: Attachments(message),
                        channelData: value));
                }
                foreach (var status in Json.Array(value, "statuses"))
                {
                    ids.Add($"status:{Json.Str(status, "id")}:{Json.Str(status, "status")}");
                }
            }
        }
        if (ids.Count == 0) return new WebhookParse.Delivery(null, envelopes);
        ids.Sort(StringComparer.Ordinal);
        var deliveryId = ids.Count == 1 ? ids[0] : "batch-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids))));
        return new WebhookParse.Delivery(deliveryId, envelopes);
    }

    public WebhookReply Acknowledge(WebhookRequest request) => WebhookReply.Empty(StatusCodes.Status200OK);

    private static List<EnvelopeAttachment> Attachments(JsonElement message)
    {
        var type = Json.Str(message, "type");
        if (type is null || Json.At(message, type) is not { ValueKind: JsonValueKind.Object } media || Json.Str(media, "id") is not { } mediaId)
            return [];
        return [new EnvelopeAttachment(type, Json.Str(media, "filename"), Json.Str(media, "mime_type"), null, $"wa-media:{mediaId}", null)];
    }
}
