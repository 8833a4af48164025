using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Refuses a bearer token whose header names an algorithm outside the allow-list before its signature is checked.
/// Microsoft.IdentityModel folds an algorithm it will not use (<c>none</c>, HMAC, one outside ValidAlgorithms) into a
/// generic signature failure; this names the algorithm and what is accepted instead.
/// </summary>
internal static class JwtAlgorithmGate
{
    /// <returns>The refusal, or null when the header's algorithm is allowed or the value is not a readable JWT (JwtBearer says why).</returns>
    public static SecurityTokenInvalidAlgorithmException? Refusal(string? authorization, IReadOnlyList<string> allowed)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = authorization.AsSpan(7).Trim();
        var dot = token.IndexOf('.');
        if (dot <= 0) return null;
        string? alg;
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token[..dot].ToString()));
            var root = header.RootElement;
            // An encrypted token (JWE) names a key-management algorithm here; JwtBearer refuses JWEs as such.
            alg = root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("enc", out _) && root.TryGetProperty("alg", out var a) && a.ValueKind == JsonValueKind.String
                ? a.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
        if (alg is null || allowed.Contains(alg, StringComparer.Ordinal)) return null;
        var named = alg.Length is > 0 and <= 16 && alg.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '+') ? $"'{alg}'" : "an unknown algorithm";
        return new SecurityTokenInvalidAlgorithmException(
            $"the bearer token is signed with {named}, which is not accepted (allowed: {string.Join(", ", allowed)}; 'none' and HMAC never are)")
        {
            InvalidAlgorithm = alg,
        };
    }
}
