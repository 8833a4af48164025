using System.Text.Json;
using Greentic.Gateway.Envelope;
using Greentic.Gateway.Webhooks.Secrets;
using Microsoft.AspNetCore.Http;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// Telegram Bot API webhooks (<c>setWebhook</c> with <c>secret_token</c>). Telegram sends the secret in
/// <c>X-Telegram-Bot-Api-Secret-Token</c> on every update; it is compared in constant time with the tenant's
/// <c>TELEGRAM_WEBHOOK_SECRET_TOKEN</c>. A tenant without that secret is refused (fail closed). The session is
/// anchored on the forum topic (<c>message_thread_id</c>), else <c>chat.id</c>; the user is <c>from.id</c>;
/// retries are recognised by <c>update_id</c>. Telegram retries any non-2xx answer, so repeats get 200.
/// </summary>
internal sealed class TelegramAdapter(IWebhookSecrets secrets) : IWebhookAdapter
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private static readonly string[] MessageKinds = ["message", "edited_message", "channel_post", "edited_channel_post", "business_message"];

    public string Name => "telegram";
    public string DefaultProviderType => "messaging.telegram.bot";

    public async ValueTask<WebhookVerdict> VerifyAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        var expected = await secrets.GetAsync(new(request.Env, request.Tenant, request.Team), WebhookSecretNames.TelegramSecretToken, cancellationToken);
        if (expected is null)
            return WebhookVerdict.Forbidden($"tenant '{request.Tenant}' has no {WebhookSecretNames.TelegramSecretToken}; set it and pass it as secret_token to setWebhook");
        var presented = request.Header(SecretHeader);
        if (presented.Length == 0) return WebhookVerdict.Unauthorized($"the request has no {SecretHeader} header");
        return WebhookSignatures.TokenEquals(presented, expected.Span)
            ? WebhookVerdict.Admit
            : WebhookVerdict.Unauthorized($"the {SecretHeader} header does not match the tenant's secret token");
    }

    public WebhookParse Parse(WebhookRequest request)
    {
        if (Json.ParseObject(request.Body, out var error) is not { } update) return new WebhookParse.Malformed(error!);
        if (Json.Long(update, "update_id") is not { } updateId) return new WebhookParse.Malformed("the update has no numeric update_id");

        JsonElement? message = null;
        JsonElement? callback = Json.At(update, "callback_query");
        foreach (var kind in MessageKinds)
        {
            if (Json.At(update, kind) is { ValueKind: JsonValueKind.Object } m) { message = m; break; }
        }
        if (callback is { ValueKind: JsonValueKind.Object } cb) message = Json.At(cb, "message");

        var from = callback is { ValueKind: JsonValueKind.Object } c ? Json.At(c, "from") : message is { } msg ? Json.At(msg, "from") : null;
        var ids = new ProviderIds
        {
            ConversationId = message is { } m1 ? Json.Str(m1, "chat", "id") : null,
            ThreadId = message is { } m2 ? Json.Str(m2, "message_thread_id") : null,
            UserId = from is { } f ? Json.Str(f, "id") : null,
            MessageId = message is { } m3 ? Json.Str(m3, "message_id") : null,
            EventId = updateId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var text = callback is { ValueKind: JsonValueKind.Object } c2 ? Json.Str(c2, "data")
            : message is { } m4 ? Json.Str(m4, "text") ?? Json.Str(m4, "caption") : null;
        var envelope = EnvelopeBuilder.Build(request, ids, update,
            timestamp: message is { } m5 ? Json.UnixSeconds(Json.Long(m5, "date")) : null,
            text: text,
            locale: from is { } f2 ? Json.Str(f2, "language_code") : null,
            attachments: message is { } m6 ? Attachments(m6) : [],
            entities: message is { } m7 ? Entities(m7, text) : null);
        return new WebhookParse.Delivery($"update-{updateId}", [envelope]);
    }

    public WebhookReply Acknowledge(WebhookRequest request) => WebhookReply.Empty(StatusCodes.Status200OK);

    private static List<EnvelopeAttachment> Attachments(JsonElement message)
    {
        var list = new List<EnvelopeAttachment>();
        // Photos come in several sizes; the last is the largest.
        if (Json.Array(message, "photo").LastOrDefault() is { ValueKind: JsonValueKind.Object } photo)
            list.Add(new("image", null, "image/jpeg", Json.Long(photo, "file_size"), $"tg-file:{Json.Str(photo, "file_id")}", null));
        foreach (var kind in new[] { "document", "audio", "video", "voice", "animation", "sticker" })
        {
            if (Json.At(message, kind) is { ValueKind: JsonValueKind.Object } file)
                list.Add(new(kind, Json.Str(file, "file_name"), Json.Str(file, "mime_type"), Json.Long(file, "file_size"), $"tg-file:{Json.Str(file, "file_id")}", null));
        }
        return list;
    }

    private static EnvelopeEntities Entities(JsonElement message, string? text)
    {
        var mentions = new List<string>();
        var urls = new List<string>();
        foreach (var entity in Json.Array(message, "entities").Concat(Json.Array(message, "caption_entities")))
        {
            var type = Json.Str(entity, "type");
            if (type == "text_mention" && Json.Str(entity, "user", "id") is { } user) mentions.Add(user);
            else if (type == "text_link" && Json.Str(entity, "url") is { } link) urls.Add(link);
            else if (type is "mention" or "url" && text is not null && Json.Long(entity, "offset") is { } offset && Json.Long(entity, "length") is { } length
                     && offset >= 0 && offset + length <= text.Length)
                (type == "mention" ? mentions : urls).Add(text.Substring((int)offset, (int)length));
        }
        return new EnvelopeEntities(mentions, urls);
    }
}
