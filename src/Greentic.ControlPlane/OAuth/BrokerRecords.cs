using System.Text.Json;
using System.Text.Json.Serialization;

namespace Greentic.ControlPlane.OAuth;

/// <summary>A consent flow started by GetConsentUrl and not yet exchanged: what the code exchange must present again.</summary>
internal sealed record PendingConsent(
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("code_verifier")] string CodeVerifier,
    [property: JsonPropertyName("redirect_uri")] string RedirectUri,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("expires_at")] long ExpiresAt);

/// <summary>What the broker holds for one {tenant, provider, subject}. The refresh token never leaves the broker.</summary>
internal sealed record StoredTokenSet(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_at")] long? ExpiresAt,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("obtained_at")] long ObtainedAt);

[JsonSerializable(typeof(PendingConsent))]
[JsonSerializable(typeof(StoredTokenSet))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class BrokerRecordsJson : JsonSerializerContext;
