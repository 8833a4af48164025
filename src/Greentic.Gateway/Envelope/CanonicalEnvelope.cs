using System.Text.Json;

namespace Greentic.Gateway.Envelope;

/// <summary>
/// The canonical envelope every ingress adapter produces (CONTRACTS.md §3):
/// <c>{tenant, provider, provider_ids{…}, session{key, scopes}, timestamp, locale, text, attachments[…], buttons[…],
/// entities{mentions, urls}, metadata{raw_headers, ip}, channel_data, raw}</c>, serialised in snake_case
/// (<see cref="EnvelopeJson"/>). Platform fields it does not model stay available in <see cref="Raw"/>.
/// </summary>
public sealed record CanonicalEnvelope
{
    public required string Tenant { get; init; }
    /// <summary>The provider type, e.g. <c>messaging.telegram.bot</c>.</summary>
    public required string Provider { get; init; }
    public required ProviderIds ProviderIds { get; init; }
    public required EnvelopeSession Session { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<EnvelopeAttachment> Attachments { get; init; } = [];
    public IReadOnlyList<EnvelopeButton> Buttons { get; init; } = [];
    public EnvelopeEntities Entities { get; init; } = new([], []);
    public required EnvelopeMetadata Metadata { get; init; }
    public JsonElement? ChannelData { get; init; }
    public required JsonElement Raw { get; init; }
}

/// <summary>The platform's identifiers, whichever it has.</summary>
public sealed record ProviderIds
{
    public string? TeamId { get; init; }
    public string? WorkspaceId { get; init; }
    public string? ConversationId { get; init; }
    public string? ThreadId { get; init; }
    public string? ChannelId { get; init; }
    public string? UserId { get; init; }
    public string? MessageId { get; init; }
    public string? EventId { get; init; }
}

/// <param name="Key">See <see cref="SessionKey"/>.</param>
/// <param name="Scopes">The identifiers the key was built from, most specific first (e.g. <c>thread:…</c>, <c>conversation:…</c>).</param>
public sealed record EnvelopeSession(string Key, IReadOnlyList<string> Scopes);

public sealed record EnvelopeAttachment(string Type, string? Name, string? Mime, long? Size, string? Url, string? DataInlineB64);

public sealed record EnvelopeButton(string Id, string Title, string? Payload);

public sealed record EnvelopeEntities(IReadOnlyList<string> Mentions, IReadOnlyList<string> Urls);

/// <param name="RawHeaders">The request's headers minus credentials (authorization, secret tokens, cookies).</param>
/// <param name="Ip">The client address as the gateway saw it.</param>
public sealed record EnvelopeMetadata(IReadOnlyDictionary<string, string> RawHeaders, string? Ip);
