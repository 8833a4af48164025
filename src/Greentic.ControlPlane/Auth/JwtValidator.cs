using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Validates JWT bearer tokens (compact JWS, RFC 7515/7519) on the BCL plus BouncyCastle for Ed25519.
/// <list type="number">
/// <item>Shape: three base64url parts, at most MaxTokenLength characters; JWE (five parts) is refused.</item>
/// <item>Header: <c>alg</c> must be in the allow-list (RS256, ES256, EdDSA). <c>none</c> and every HMAC
/// algorithm are refused outright: with HS256 a verifier holding a public key could be tricked into using it
/// as a shared secret. <c>crit</c> is refused (no extensions are understood). <c>jwk</c>, <c>jku</c>,
/// <c>x5u</c> and <c>x5c</c> are ignored: keys come only from the configured JWKS.</item>
/// <item>Key: by <c>kid</c> from the JWKS; an unknown kid triggers one rate-limited refresh, then fails. A
/// token without kid is accepted only when exactly one key fits its alg.</item>
/// <item>Signature, and only then the claims: <c>iss</c>, <c>aud</c> (string or array), <c>exp</c>
/// (required), <c>nbf</c>, <c>iat</c>, each with the bounded clock skew; then claims → <see cref="Principal"/>.</item>
/// </list>
/// Failure messages name what to fix; they never contain the token or its signature.
/// </summary>
public sealed class JwtValidator
{
    private readonly IOptionsMonitor<JwtValidationOptions> _options;
    private readonly IJwksProvider _jwks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VerifiedSignatureCache _verified = new();

    public JwtValidator(IOptionsMonitor<JwtValidationOptions> options, IJwksProvider jwks, TimeProvider? time = null, ILogger<JwtValidator>? logger = null)
    {
        _options = options;
        _jwks = jwks;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<JwtValidator>.Instance;
    }

    /// <summary>Validates a token given either bare or as an <c>authorization</c> header value (<c>Bearer …</c>).</summary>
    public async ValueTask<JwtValidationResult> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        var result = await ValidateCoreAsync(token, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            AuthLog.TokenAccepted(_logger, result.Principal!.Subject, result.Principal.Tenants.Count);
        }
        else
        {
            AuthLog.TokenRefused(_logger, result.Failure, result.Message);
        }
        return result;
    }

    private async ValueTask<JwtValidationResult> ValidateCoreAsync(string? token, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        token = StripBearer(token);
        if (string.IsNullOrEmpty(token))
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "no token was given");
        }
        if (token.Length > options.MaxTokenLength)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, $"the token is longer than {options.MaxTokenLength} characters");
        }

        // 1. Shape.
        var parts = token.Split('.');
        if (parts.Length == 5)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "encrypted tokens (JWE) are not accepted; send a signed JWT");
        }
        if (parts.Length != 3)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "a JWT has three dot-separated parts; this token does not");
        }
        if (!Base64Url.TryDecode(parts[0], out var headerBytes) || !Base64Url.TryDecode(parts[1], out var payloadBytes)
            || !Base64Url.TryDecode(parts[2], out var signature))
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "a token part is not unpadded base64url");
        }
        using var header = TryParseObject(headerBytes);
        if (header is null)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "the token header is not a JSON object");
        }

        // 2. Header.
        var h = header.RootElement;
        if (!h.TryGetProperty("alg", out var algElement) || algElement.ValueKind != JsonValueKind.String)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "the token header has no 'alg'");
        }
        var alg = algElement.GetString()!;
        if (string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase))
        {
            return JwtValidationResult.Fail(JwtFailureReason.UnsupportedAlgorithm, "unsigned tokens (alg 'none') are refused");
        }
        if (alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
        {
            return JwtValidationResult.Fail(JwtFailureReason.UnsupportedAlgorithm,
                $"HMAC-signed tokens (alg '{Safe(alg)}') are refused; this host verifies public-key signatures only ({string.Join(", ", options.EffectiveAlgorithms)})");
        }
        if (!options.EffectiveAlgorithms.Contains(alg, StringComparer.Ordinal) || !JwsAlgorithms.IsSupported(alg))
        {
            return JwtValidationResult.Fail(JwtFailureReason.UnsupportedAlgorithm,
                $"algorithm '{Safe(alg)}' is not accepted; accepted: {string.Join(", ", options.EffectiveAlgorithms)}");
        }
        if (h.TryGetProperty("crit", out _))
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "the token header has 'crit' extensions, which this host does not understand");
        }
        if (h.TryGetProperty("typ", out var typ) &&
            (typ.ValueKind != JsonValueKind.String || !IsAcceptedTyp(typ.GetString()!)))
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "the token 'typ' must be 'JWT' or 'at+jwt'");
        }
        string? kid = null;
        if (h.TryGetProperty("kid", out var kidElement))
        {
            if (kidElement.ValueKind != JsonValueKind.String)
            {
                return JwtValidationResult.Fail(JwtFailureReason.Malformed, "the token 'kid' must be a string");
            }
            kid = kidElement.GetString();
        }

        // 3. Key.
        JsonWebKeySet keys;
        try
        {
            keys = await _jwks.GetKeysAsync(cancellationToken).ConfigureAwait(false);
            if (kid is not null && !keys.ContainsKid(kid))
            {
                keys = await _jwks.RefreshForUnknownKidAsync(kid, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JwksUnavailableException ex)
        {
            return JwtValidationResult.Fail(JwtFailureReason.KeysUnavailable, $"the trusted keys cannot be loaded ({ex.Message}); this is a server-side problem");
        }
        JsonWebKey key;
        if (kid is not null)
        {
            if (!keys.ContainsKid(kid))
            {
                return JwtValidationResult.Fail(JwtFailureReason.UnknownKey,
                    $"signing key '{Safe(kid)}' is not among the trusted keys ({_jwks.Description}); the token comes from an unknown issuer or a retired key");
            }
            var matching = keys.Find(kid, alg).ToList();
            if (matching.Count == 0)
            {
                return JwtValidationResult.Fail(JwtFailureReason.UnknownKey, $"trusted key '{Safe(kid)}' does not verify alg '{alg}'");
            }
            key = matching[0];
        }
        else
        {
            var matching = keys.Find(null, alg).ToList();
            if (matching.Count != 1)
            {
                return JwtValidationResult.Fail(JwtFailureReason.UnknownKey, matching.Count == 0
                    ? $"no trusted key verifies alg '{alg}'"
                    : "the token has no 'kid' and several trusted keys fit its alg; issue tokens with a 'kid'");
            }
            key = matching[0];
        }

        // 4. Signature, over the ASCII bytes of "header.payload" exactly as sent (once per token and key set).
        if (!_verified.IsVerified(token, keys))
        {
            var signingInput = Encoding.ASCII.GetBytes(token, 0, parts[0].Length + 1 + parts[1].Length);
            if (!key.Verify(alg, signingInput, signature))
            {
                return JwtValidationResult.Fail(JwtFailureReason.BadSignature, $"the signature does not verify with trusted key '{Safe(key.Kid ?? key.Algorithm)}'");
            }
            _verified.Remember(token, keys);
        }

        // 5. Claims.
        using var payload = TryParseObject(payloadBytes);
        if (payload is null)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, "the token payload is not a JSON object");
        }
        return CheckClaims(payload.RootElement, options);
    }

    private JwtValidationResult CheckClaims(JsonElement p, JwtValidationOptions options)
    {
        var now = _time.GetUtcNow();
        var skew = options.ClockSkew;

        var iss = p.TryGetProperty("iss", out var issElement) && issElement.ValueKind == JsonValueKind.String ? issElement.GetString() : null;
        if (iss is null || !options.EffectiveIssuers.Contains(iss, StringComparer.Ordinal))
        {
            return JwtValidationResult.Fail(JwtFailureReason.WrongIssuer, iss is null
                ? "the token has no 'iss' claim"
                : $"issuer '{Safe(iss)}' is not trusted; expected {Quote(options.EffectiveIssuers)}");
        }

        var audiences = new List<string>();
        if (p.TryGetProperty("aud", out var aud))
        {
            if (aud.ValueKind == JsonValueKind.String) audiences.Add(aud.GetString()!);
            else if (aud.ValueKind == JsonValueKind.Array)
                audiences.AddRange(aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!));
        }
        if (!audiences.Any(a => options.EffectiveAudiences.Contains(a, StringComparer.Ordinal)))
        {
            return JwtValidationResult.Fail(JwtFailureReason.WrongAudience, audiences.Count == 0
                ? $"the token has no 'aud' claim; expected {Quote(options.EffectiveAudiences)}"
                : $"the token is for audience {Quote(audiences.Take(5).Select(Safe))}, not {Quote(options.EffectiveAudiences)}");
        }

        if (!TryNumericDate(p, "exp", out var exp, out var expError) || exp is null)
        {
            return JwtValidationResult.Fail(exp is null && expError is null ? JwtFailureReason.MissingClaim : JwtFailureReason.Malformed,
                expError ?? "the token has no 'exp' claim; tokens must expire");
        }
        if (now > exp.Value + skew)
        {
            return JwtValidationResult.Fail(JwtFailureReason.Expired,
                $"the token expired at {exp.Value:u} (server time {now:u}, allowed skew {skew.TotalSeconds:0}s); get a new token");
        }
        if (!TryNumericDate(p, "nbf", out var nbf, out var nbfError))
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, nbfError!);
        }
        if (nbf is not null && now + skew < nbf.Value)
        {
            return JwtValidationResult.Fail(JwtFailureReason.NotYetValid,
                $"the token is not valid before {nbf.Value:u} (server time {now:u}, allowed skew {skew.TotalSeconds:0}s); check the issuer's clock");
        }
        if (!TryNumericDate(p, "iat", out var iat, out var iatError))
        {
            return JwtValidationResult.Fail(JwtFailureReason.Malformed, iatError!);
        }
        if (iat is not null && now + skew < iat.Value)
        {
            return JwtValidationResult.Fail(JwtFailureReason.IssuedInFuture,
                $"the token claims to be issued at {iat.Value:u}, after server time {now:u} (allowed skew {skew.TotalSeconds:0}s); check the issuer's clock");
        }
        if (options.MaxTokenLifetime is { } maxLifetime && (iat ?? nbf) is { } start && exp.Value - start > maxLifetime)
        {
            return JwtValidationResult.Fail(JwtFailureReason.LifetimeTooLong,
                $"the token lives {(exp.Value - start).TotalSeconds:0}s; at most {maxLifetime.TotalSeconds:0}s is accepted");
        }

        var principal = ClaimMapper.Map(p, options.Claims, iss, exp, out var mapError);
        return principal is null
            ? JwtValidationResult.Fail(JwtFailureReason.MissingClaim, mapError!)
            : JwtValidationResult.Success(principal);
    }

    private static bool TryNumericDate(JsonElement payload, string name, out DateTimeOffset? value, out string? error)
    {
        value = null;
        error = null;
        if (!payload.TryGetProperty(name, out var e)) return true;
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var seconds) || double.IsNaN(seconds)
            || seconds < 0 || seconds > 253402300799) // year 9999
        {
            error = $"the '{name}' claim must be a NumericDate (seconds since 1970)";
            return false;
        }
        value = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        return true;
    }

    private static string? StripBearer(string? token)
    {
        if (token is null) return null;
        token = token.Trim();
        return token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? token[7..].Trim() : token;
    }

    private static bool IsAcceptedTyp(string typ) =>
        typ.Equals("JWT", StringComparison.OrdinalIgnoreCase) || typ.Equals("at+jwt", StringComparison.OrdinalIgnoreCase)
        || typ.Equals("application/at+jwt", StringComparison.OrdinalIgnoreCase);

    private static JsonDocument? TryParseObject(byte[] utf8)
    {
        try
        {
            var doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Safe(string value) => TenantContext.Sanitize(value);

    private static string Quote(IEnumerable<string> values) => string.Join(" or ", values.Select(v => $"'{v}'"));
}
