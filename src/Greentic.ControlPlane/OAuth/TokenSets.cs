using Duende.IdentityModel.Client;

namespace Greentic.ControlPlane.OAuth;

/// <summary>Turns a token-endpoint answer into what the broker stores.</summary>
internal static class TokenSets
{
    /// <param name="requested">The scopes asked for: what was granted when the provider does not say (RFC 6749 §5.1).</param>
    /// <param name="previous">The set being refreshed: a refresh answer without a refresh token or scope keeps the old ones.</param>
    public static StoredTokenSet From(TokenResponse response, IReadOnlyList<string> requested, StoredTokenSet? previous, DateTimeOffset now)
    {
        var scopes = response.Scope is { Length: > 0 } granted
            ? granted.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : previous?.Scopes ?? requested;
        return new StoredTokenSet(
            AccessToken: response.AccessToken!,
            TokenType: string.IsNullOrEmpty(response.TokenType) ? "Bearer" : response.TokenType,
            ExpiresAt: response.ExpiresIn > 0 ? now.ToUnixTimeSeconds() + response.ExpiresIn : null,
            RefreshToken: string.IsNullOrEmpty(response.RefreshToken) ? previous?.RefreshToken : response.RefreshToken,
            IdToken: string.IsNullOrEmpty(response.IdentityToken) ? previous?.IdToken : response.IdentityToken,
            Scopes: scopes.ToList(),
            ObtainedAt: now.ToUnixTimeSeconds());
    }

    /// <summary>Whether the set was granted every scope in <paramref name="scopes"/>.</summary>
    public static bool Covers(StoredTokenSet tokens, IEnumerable<string> scopes) =>
        scopes.All(s => tokens.Scopes.Contains(s, StringComparer.Ordinal));
}
