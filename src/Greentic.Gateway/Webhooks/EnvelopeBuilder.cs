using System.Text.Json;
using Greentic.Gateway.Envelope;

namespace Greentic.Gateway.Webhooks;

/// <summary>Fills the parts of a canonical envelope every adapter fills the same way.</summary>
internal static class EnvelopeBuilder
{
    /// <summary>Headers that carry credentials never enter an envelope, an event or a provider call.</summary>
    internal static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "proxy-authorization", "cookie", "x-telegram-bot-api-secret-token", "x-greentic-service-token",
    };

    public static CanonicalEnvelope Build(WebhookRequest request, ProviderIds ids, JsonElement raw, DateTimeOffset? timestamp = null,
        string? text = null, string? locale = null, IReadOnlyList<EnvelopeAttachment>? attachments = null, IReadOnlyList<EnvelopeButton>? buttons = null,
        EnvelopeEntities? entities = null, JsonElement? channelData = null) => new()
    {
        Tenant = request.Tenant,
        Provider = request.ProviderType,
        ProviderIds = ids,
        Session = SessionKey.Build(request.Tenant, request.ProviderType, ids),
        Timestamp = timestamp ?? request.ReceivedAt,
        Locale = locale,
        Text = text,
        Attachments = attachments ?? [],
        Buttons = buttons ?? [],
        Entities = entities ?? new EnvelopeEntities([], []),
        Metadata = new EnvelopeMetadata(SafeHeaders(request), request.RemoteIp),
        ChannelData = channelData,
        Raw = raw,
    };

    public static IReadOnlyDictionary<string, string> SafeHeaders(WebhookRequest request)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            if (!CredentialHeaders.Contains(name)) headers[name.ToLowerInvariant()] = value.ToString();
        }
        return headers;
    }
}
