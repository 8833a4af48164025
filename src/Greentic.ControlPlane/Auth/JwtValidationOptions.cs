using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// JWT bearer validation, bound from <c>Greentic:Auth:Jwt</c>. JWT authentication is on when a key source
/// (<see cref="JwksFile"/> or <see cref="JwksUrl"/>) is set; then an issuer and an audience are required.
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

    /// <summary>How long a fetched key set is used before it is fetched again.</summary>
    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The least time between two fetches: bounds refresh-on-unknown-kid and retries after a failure.</summary>
    public TimeSpan JwksMinRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan JwksHttpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tolerance for exp, nbf and iat. Bounded to <see cref="MaxClockSkew"/>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>When set, tokens whose exp − (iat or nbf) exceeds it are refused.</summary>
    public TimeSpan? MaxTokenLifetime { get; set; }

    /// <summary>A subset of RS256, ES256, EdDSA (default: all three). HS* and none are refused at startup.</summary>
    public string[]? AllowedAlgorithms { get; set; }

    public int MaxTokenLength { get; set; } = 16 * 1024;

    public ClaimMappingOptions Claims { get; set; } = new();

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(JwksFile) || !string.IsNullOrWhiteSpace(JwksUrl);

    public IReadOnlyList<string> EffectiveIssuers => Combine(Issuer, Issuers);
    public IReadOnlyList<string> EffectiveAudiences => Combine(Audience, Audiences);
    public IReadOnlyList<string> EffectiveAlgorithms => AllowedAlgorithms is { Length: > 0 } a ? a : JwsAlgorithms.Supported;

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
            else if (!JwsAlgorithms.IsSupported(alg))
                errors.Add($"{JwtValidationOptions.SectionName}:AllowedAlgorithms contains '{alg}'; supported: {string.Join(", ", JwsAlgorithms.Supported)}");
        }
        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > JwtValidationOptions.MaxClockSkew)
            errors.Add($"{JwtValidationOptions.SectionName}:ClockSkew must be between 0 and {JwtValidationOptions.MaxClockSkew.TotalSeconds}s");
        if (o.MaxTokenLength is < 256 or > 1024 * 1024)
            errors.Add($"{JwtValidationOptions.SectionName}:MaxTokenLength must be between 256 and 1048576");
        if (o.JwksRefreshInterval <= TimeSpan.Zero || o.JwksMinRefreshInterval < TimeSpan.Zero || o.JwksHttpTimeout <= TimeSpan.Zero)
            errors.Add($"{JwtValidationOptions.SectionName}: JWKS intervals and timeout must be positive");
        if (o.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(o.JwksFile) && !string.IsNullOrWhiteSpace(o.JwksUrl))
                errors.Add($"{JwtValidationOptions.SectionName}: set JwksFile or JwksUrl, not both");
            if (!string.IsNullOrWhiteSpace(o.JwksUrl) &&
                (!Uri.TryCreate(o.JwksUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{JwtValidationOptions.SectionName}:JwksUrl must be an absolute https URL");
            if (o.EffectiveIssuers.Count == 0)
                errors.Add($"{JwtValidationOptions.SectionName}:Issuer is required when a JWKS is configured");
            if (o.EffectiveAudiences.Count == 0)
                errors.Add($"{JwtValidationOptions.SectionName}:Audience is required when a JWKS is configured");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
