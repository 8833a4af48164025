using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// The JwtBearer token handler with <see cref="ValidatedTokenCache"/> in front: a token validated before against the
/// same key set, and not yet at its <c>exp</c> or the cache's TTL, is accepted without verifying its signature again.
/// Anything else — a new token, a refused one, one after a key refresh — takes the full validation.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(ValidatedTokenCache cache) : JsonWebTokenHandler
{
    public ValidatedTokenCache Cache => cache;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var keys = await KeySetAsync(validationParameters).ConfigureAwait(false);
        if (keys is not null && cache.Find(token, keys) is { } hit) return Copy(hit);
        var result = await base.ValidateTokenAsync(token, validationParameters).ConfigureAwait(false);
        if (result.IsValid && keys is not null && result.SecurityToken is JsonWebToken validated)
            cache.Add(token, keys, result, validated.ValidTo);
        return result;
    }

    /// <summary>
    /// The signing keys this validation runs against: JwtBearer hands over its configuration manager (whose current
    /// configuration, one object per fetched JWKS, holds the keys) rather than the keys themselves.
    /// </summary>
    private static async ValueTask<IEnumerable<SecurityKey>?> KeySetAsync(TokenValidationParameters parameters) =>
        parameters.ConfigurationManager is { } manager
            ? (await manager.GetBaseConfigurationAsync(CancellationToken.None).ConfigureAwait(false))?.SigningKeys
            : parameters.IssuerSigningKeys;

    /// <summary>A result of its own for each request: the identity is cloned, so no request can change another's.</summary>
    private static TokenValidationResult Copy(TokenValidationResult cached) => new()
    {
        IsValid = true,
        SecurityToken = cached.SecurityToken,
        ClaimsIdentity = cached.ClaimsIdentity?.Clone() ?? new ClaimsIdentity(),
        Issuer = cached.Issuer,
        TokenType = cached.TokenType,
    };
}
