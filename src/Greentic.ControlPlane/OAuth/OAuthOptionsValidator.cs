using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// Checks <c>Greentic:OAuth</c> at start: every tenant and provider id, the endpoints (https, or http on loopback), the
/// client, the redirect base, the scopes and extra parameters, and — once any provider is configured — that a key exists.
/// Each error names the configuration key to fix.
/// </summary>
internal sealed class OAuthOptionsValidator(IOptions<SecretsOptions> secrets) : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions o)
    {
        var errors = new List<string>();
        if (o.ConsentLifetime <= TimeSpan.Zero) errors.Add($"{OAuthOptions.SectionName}:ConsentLifetime must be positive");
        if (o.RefreshBeforeExpiry < TimeSpan.Zero) errors.Add($"{OAuthOptions.SectionName}:RefreshBeforeExpiry must not be negative");
        if (o.HttpTimeout <= TimeSpan.Zero) errors.Add($"{OAuthOptions.SectionName}:HttpTimeout must be positive");
        var anyProvider = false;
        foreach (var (tenant, t) in o.Tenants)
        {
            var tenantKey = $"{OAuthOptions.SectionName}:Tenants:{tenant}";
            if (!TenantContext.IsValidIdentifier(tenant)) errors.Add($"{tenantKey}: '{TenantContext.Sanitize(tenant)}' is not a tenant identifier");
            foreach (var (id, p) in t.Providers)
            {
                anyProvider = true;
                ValidateProvider($"{tenantKey}:Providers:{id}", id, p, errors);
            }
        }
        if (anyProvider && OAuthKeys.TryCreate(o, secrets.Value, out _) is { } keyError) errors.Add(keyError);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateProvider(string key, string id, OAuthProviderOptions p, List<string> errors)
    {
        if (!SecretName.IsValidSegment(id)) errors.Add($"{key}: the provider id must be {SecretName.SegmentRule[4..]}");
        if (string.IsNullOrWhiteSpace(p.ClientId)) errors.Add($"{key}:ClientId is required");
        if (p.Authority is null)
        {
            if (p.AuthorizationEndpoint is null || p.TokenEndpoint is null)
                errors.Add($"{key}: set Authority (OpenID discovery) or both AuthorizationEndpoint and TokenEndpoint");
        }
        else if (OAuthUris.CheckEndpoint(p.Authority) is { } e) errors.Add($"{key}:Authority {e}");
        if (p.AuthorizationEndpoint is not null && OAuthUris.CheckEndpoint(p.AuthorizationEndpoint) is { } a) errors.Add($"{key}:AuthorizationEndpoint {a}");
        if (p.TokenEndpoint is not null && OAuthUris.CheckEndpoint(p.TokenEndpoint) is { } tk) errors.Add($"{key}:TokenEndpoint {tk}");
        if (OAuthUris.CheckRedirectBase(p.RedirectBase) is { } r) errors.Add($"{key}:RedirectBase {r}");
        if (p.ClientSecretName is not null && !OAuthUris.IsSecretKey(p.ClientSecretName))
            errors.Add($"{key}:ClientSecretName must be 'category/name' or 'name', each part {SecretName.SegmentRule[4..]}");
        foreach (var scope in p.Scopes)
            if (!OAuthUris.IsScopeToken(scope)) errors.Add($"{key}:Scopes: '{TenantContext.Sanitize(scope)}' is not a scope (printable ASCII, no spaces, quotes or backslashes)");
        foreach (var parameter in p.AuthorizeParameters.Keys)
            if (OAuthUris.ReservedAuthorizeParameters.Contains(parameter))
                errors.Add($"{key}:AuthorizeParameters:{parameter} is set by the broker itself and cannot be configured");
    }
}
