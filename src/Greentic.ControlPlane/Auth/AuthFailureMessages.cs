using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Turns a token validation failure into a message a person can act on. Microsoft.IdentityModel's own
/// messages carry IDX codes and hide details as PII; these name what to fix and never the token itself.
/// </summary>
internal static class AuthFailureMessages
{
    public static string Describe(Exception? failure) => failure switch
    {
        null => "the call carries no valid credentials",
        SecurityTokenExpiredException e => $"the bearer token expired at {e.Expires:u}; get a new one",
        SecurityTokenNotYetValidException e => $"the bearer token is not valid before {e.NotBefore:u}; check the issuer's clock",
        SecurityTokenNoExpirationException => "the bearer token has no 'exp' claim; tokens must expire",
        SecurityTokenInvalidLifetimeException => "the bearer token's lifetime is invalid",
        SecurityTokenInvalidAudienceException => "the bearer token's audience ('aud') is not one this control plane accepts (Greentic:Auth:Jwt:Audience)",
        SecurityTokenInvalidIssuerException => "the bearer token's issuer ('iss') is not one this control plane accepts (Greentic:Auth:Jwt:Issuer)",
        SecurityTokenInvalidAlgorithmException e when !e.Message.StartsWith("IDX", StringComparison.Ordinal) => e.Message,
        SecurityTokenInvalidAlgorithmException => $"the bearer token's algorithm is not accepted (allowed: {string.Join(", ", JwtAlgorithms.Supported)}; 'none' and HMAC never are)",
        SecurityTokenSignatureKeyNotFoundException => "no key in the configured JWKS matches the bearer token's 'kid'",
        SecurityTokenInvalidSignatureException => "the bearer token's signature does not verify against the configured keys",
        SecurityTokenMalformedException => "the bearer value is not a well-formed signed JWT (three base64url parts)",
        SecurityTokenEncryptionKeyNotFoundException or SecurityTokenDecryptionFailedException => "encrypted tokens (JWE) are not accepted; send a signed JWT",
        SecurityTokenException e when e.Message.StartsWith("IDX", StringComparison.Ordinal) => "the bearer token is not valid",
        ArgumentException e when e.Message.StartsWith("IDX10209", StringComparison.Ordinal) =>
            "the bearer token is longer than this control plane accepts (Greentic:Auth:Jwt:MaxTokenLength)",
        ArgumentException e when e.Message.StartsWith("IDX", StringComparison.Ordinal) => "the bearer value is not a well-formed signed JWT (three base64url parts)",
        InvalidOperationException e when e.Message.Contains("IDX20803", StringComparison.Ordinal) =>
            "the keys that verify bearer tokens could not be loaded (Greentic:Auth:Jwt key source unreachable); try again later",
        _ when failure.Message == "Client certificate failed validation." =>
            "the client certificate was refused: it must chain to the pinned CA (Greentic:Auth:ClientCertificates:TrustedCaFile, " +
            "intermediates included), be within its validity period and allow client authentication; the control plane log has the chain status",
        _ => failure.Message,
    };
}
