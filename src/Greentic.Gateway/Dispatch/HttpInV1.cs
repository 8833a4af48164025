using System.Text.Json.Serialization;

namespace Greentic.Gateway.Dispatch;

/// <summary>
/// The <c>ingest_http</c> input (CONTRACTS.md §3): <c>{v, provider, route?, binding_id?, tenant_hint?, team_hint?,
/// method, path, query[[k,v]], headers[[k,v]], body_b64}</c>, serialised in snake_case. Credential headers the
/// gateway already checked (authorization, Telegram's secret token) are not passed on.
/// </summary>
public sealed record HttpInV1
{
    [JsonPropertyName("v")] public int V { get; init; } = 1;
    public required string Provider { get; init; }
    public string? Route { get; init; }
    public string? BindingId { get; init; }
    public string? TenantHint { get; init; }
    public string? TeamHint { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public IReadOnlyList<string[]> Query { get; init; } = [];
    public IReadOnlyList<string[]> Headers { get; init; } = [];
    public required string BodyB64 { get; init; }
}

/// <summary>
/// The <c>ingest_http</c> output: <c>{v, status, headers, body_b64?, events[ChannelMessageEnvelope]}</c>. Headers
/// may come as <c>[[k,v]]</c> (operator form) or <c>[{name,value}]</c> (greentic-types form); both are read.
/// </summary>
public sealed record HttpOutV1(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body, IReadOnlyList<System.Text.Json.JsonElement> Events);
