using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// JWT bearer validation, bound from <c>Greentic:Auth:Jwt</c> and applied to ASP.NET Core's JwtBearer handler.
/// JWT authentication is on when a key source is set — a JWKS file, a JWKS URL, or an OpenID Provider
/// (<see cref="Authority"/> or <see cref="MetadataAddress"/>, keys found by discovery) — and then an issuer
/// and an audience are required.
/// </summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Greentic:Auth:Jwt";

    /// <summary>The accepted <c>iss</c>. Further issuers may be listed in <see cref="Issuers"/>.</summary>
    public string? Issuer { get; set; }
    public string[]? Issuers { get; set; }

    /// <summary>The accepted <c>aud</c>; the token's aud (string or array) must contain one of these.</summary>
    public string? Audience { get; set; }
    public string[]? Audiences { get; set; }

    /// <summary>A JWKS file (<c>{"keys":[…]}</c> or one JWK; private members are ignored).</summary>
    public string? JwksFile { get; set; }

    /// <summary>An https URL serving the JWKS.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>An OpenID Provider's issuer URL; its keys come from <c>/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>An explicit OpenID discovery document URL (instead of <see cref="Authority"/>).</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>How long a fetched key set is used before it is fetched again.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two fetches: bounds refresh-on-unknown-kid and retries after a failure.</summary>
    public TimeSpan JwksMinRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan JwksHttpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tolerance for exp, nbf and iat. Bounded to <see cref="MaxClockSkew"/>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>When set, tokens whose exp − (iat or nbf) exceeds it are refused.</summary>
    public TimeSpan? MaxTokenLifetime { get; set; }

    /// <summary>A subset of RS256, PS256, ES256 (default: all three). HS* and none are refused at startup.</summary>
    public string[]? AllowedAlgorithms { get; set; }

    public int MaxTokenLength { get; set; } = 16 * 1024;

    /// <summary>How many validated tokens are kept so a repeated token is not signature-checked again (0: no cache).</summary>
    public int ValidatedTokenCacheSize { get; set; } = 1024;

    /// <summary>The longest a validated token is trusted without a full validation (never past its <c>exp</c>).</summary>
    public TimeSpan ValidatedTokenCacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    public ClaimMappingOptions Claims { get; set; } = new();

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public bool Enabled => KeySources.Count > 0;

    /// <summary>The key sources that are set, by setting name.</summary>
    public IReadOnlyList<string> KeySources =>
        new[] { (nameof(JwksFile), JwksFile), (nameof(JwksUrl), JwksUrl), (nameof(Authority), Authority), (nameof(MetadataAddress), MetadataAddress) }
            .Where(s => !string.IsNullOrWhiteSpace(s.Item2)).Select(s => s.Item1).ToList();

    /// <summary>Keys are fetched over https; plain http is accepted only from loopback (a local test OP).</summary>
    public static bool IsAcceptableKeyUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    public IReadOnlyList<string> EffectiveIssuers => Combine(Issuer, Issuers);
    public IReadOnlyList<string> EffectiveAudiences => Combine(Audience, Audiences);
    public IReadOnlyList<string> EffectiveAlgorithms => AllowedAlgorithms is { Length: > 0 } a ? a : JwtAlgorithms.Supported;

    private static List<string> Combine(string? one, string[]? more)
    {
        var list = new List<string>();
        if (!string.IsNullOrWhiteSpace(one)) list.Add(one);
        if (more is not null) list.AddRange(more.Where(s => !string.IsNullOrWhiteSpace(s)));
        return list.Distinct(StringComparer.Ordinal).ToList();
    }
}

/// <summary>
/// Claim names mapped onto a <see cref="Principal"/>. A name is looked up as a top-level claim first, then,
/// if it has dots, as a path into nested objects (<c>realm_access.roles</c>).
/// </summary>
public sealed class ClaimMappingOptions
{
    public string Subject { get; set; } = "sub";
    /// <summary>An array (or single string) of granted tenants.</summary>
    public string Tenants { get; set; } = "tenants";
    /// <summary>A single granted tenant; also the default tenant for TENANT_RESOLVER=jwt.</summary>
    public string Tenant { get; set; } = "tenant";
    /// <summary>An array (or single string) of team grants: <c>team</c> or <c>tenant/team</c>.</summary>
    public string Teams { get; set; } = "teams";
    public string Team { get; set; } = "team";
    /// <summary>An array, or a space-separated string, of roles.</summary>
    public string Roles { get; set; } = "roles";
}

internal sealed class JwtValidationOptionsValidator : IValidateOptions<JwtValidationOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtValidationOptions o)
    {
        var errors = new List<string>();
        foreach (var alg in o.AllowedAlgorithms ?? [])
        {
            if (alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
                errors.Add($"{JwtValidationOptions.SectionName}:AllowedAlgorithms contains '{alg}': HMAC algorithms are never accepted (a public key must not double as a shared secret)");
            else if (string.Equals(alg, "none", StringComparison.OrdinalIgnoreCase))
                errors.Add($"{JwtValidationOptions.SectionName}:AllowedAlgorithms contains 'none': unsigned tokens are never accepted");
            else if (!JwtAlgorithms.IsSupported(alg))
                errors.Add($"{JwtValidationOptions.SectionName}:AllowedAlgorithms contains '{alg}'; supported: {string.Join(", ", JwtAlgorithms.Supported)}");
        }
        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > JwtValidationOptions.MaxClockSkew)
            errors.Add($"{JwtValidationOptions.SectionName}:ClockSkew must be between 0 and {JwtValidationOptions.MaxClockSkew.TotalSeconds}s");
        if (o.MaxTokenLength is < 256 or > 1024 * 1024)
            errors.Add($"{JwtValidationOptions.SectionName}:MaxTokenLength must be between 256 and 1048576");
        if (o.ValidatedTokenCacheSize is < 0 or > 100_000)
            errors.Add($"{JwtValidationOptions.SectionName}:ValidatedTokenCacheSize must be between 0 (off) and 100000");
        if (o.ValidatedTokenCacheTtl <= TimeSpan.Zero || o.ValidatedTokenCacheTtl > TimeSpan.FromHours(1))
            errors.Add($"{JwtValidationOptions.SectionName}:ValidatedTokenCacheTtl must be more than 0 and at most 1 hour");
        if (o.JwksRefreshInterval <= TimeSpan.Zero || o.JwksMinRefreshInterval < TimeSpan.Zero || o.JwksHttpTimeout <= TimeSpan.Zero)
            errors.Add($"{JwtValidationOptions.SectionName}: JWKS intervals and timeout must be positive");
        if (o.Enabled)
        {
            if (o.KeySources.Count > 1)
                errors.Add($"{JwtValidationOptions.SectionName}: set one key source, not {string.Join(" and ", o.KeySources)}");
            foreach (var (setting, url) in new[] { (nameof(o.JwksUrl), o.JwksUrl), (nameof(o.Authority), o.Authority), (nameof(o.MetadataAddress), o.MetadataAddress) })
                if (!string.IsNullOrWhiteSpace(url) && !JwtValidationOptions.IsAcceptableKeyUrl(url))
                    errors.Add($"{JwtValidationOptions.SectionName}:{setting} must be an absolute https URL (http only on loopback)");
            if (o.EffectiveIssuers.Count == 0)
                errors.Add($"{JwtValidationOptions.SectionName}:Issuer is required when a JWKS is configured");
            if (o.EffectiveAudiences.Count == 0)
                errors.Add($"{JwtValidationOptions.SectionName}:Audience is required when a JWKS is configured");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The JWS algorithms a bearer token may use: asymmetric only, so a verification key can never sign.</summary>
public static class JwtAlgorithms
{
    public static readonly IReadOnlyList<string> Supported = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    public static bool IsSupported(string alg) => Supported.Contains(alg, StringComparer.Ordinal);
}
