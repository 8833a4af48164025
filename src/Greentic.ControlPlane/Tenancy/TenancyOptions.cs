using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>How a request without an explicit tenant context gets one (upstream TENANT_RESOLVER).</summary>
public enum TenantResolverMode
{
    /// <summary>Always <see cref="TenancyOptions.DefaultTenant"/>.</summary>
    Env,
    /// <summary>The first DNS label of the Host header (<c>acme.example.com</c> → <c>acme</c>).</summary>
    Host,
    /// <summary>The <c>x-greentic-tenant</c> header (and <c>x-greentic-team</c>, <c>x-greentic-user</c>).</summary>
    Header,
    /// <summary>The verified bearer token's tenant (unlike upstream, the signature is checked first).</summary>
    Jwt,
}

/// <summary>
/// Bound from <c>Greentic:Tenancy</c>; the upstream environment variables <c>GREENTIC_ENV</c>,
/// <c>DEFAULT_TENANT</c> and <c>TENANT_RESOLVER</c> win over the section when set.
/// </summary>
public sealed class TenancyOptions
{
    public const string SectionName = "Greentic:Tenancy";

    /// <summary>The environment every tenant context is in (GREENTIC_ENV).</summary>
    public string Env { get; set; } = "dev";

    /// <summary>DEFAULT_TENANT.</summary>
    public string DefaultTenant { get; set; } = "demo";

    /// <summary>TENANT_RESOLVER: env | host | header | jwt.</summary>
    public TenantResolverMode Resolver { get; set; } = TenantResolverMode.Env;

    public string TenantHeader { get; set; } = "x-greentic-tenant";
    public string TeamHeader { get; set; } = "x-greentic-team";
    public string UserHeader { get; set; } = "x-greentic-user";

    /// <summary>Host mode: when set, only hosts ending in <c>.{HostSuffix}</c> name a tenant; others get the default.</summary>
    public string? HostSuffix { get; set; }

    internal string? ResolverParseError { get; set; }

    internal static void ApplyUpstreamNames(TenancyOptions o, Func<string, string?> read)
    {
        if (read("GREENTIC_ENV") is { Length: > 0 } env) o.Env = env;
        if (read("DEFAULT_TENANT") is { Length: > 0 } tenant) o.DefaultTenant = tenant;
        if (read("TENANT_RESOLVER") is { Length: > 0 } resolver)
        {
            if (Enum.TryParse<TenantResolverMode>(resolver, ignoreCase: true, out var mode) && !int.TryParse(resolver, out _))
                o.Resolver = mode;
            else
                o.ResolverParseError = $"TENANT_RESOLVER '{TenantContext.Sanitize(resolver)}' is not one of env, host, header, jwt";
        }
    }
}

internal sealed class TenancyOptionsValidator : IValidateOptions<TenancyOptions>
{
    public ValidateOptionsResult Validate(string? name, TenancyOptions o)
    {
        var errors = new List<string>();
        if (o.ResolverParseError is not null) errors.Add(o.ResolverParseError);
        if (!TenantContext.IsValidIdentifier(o.Env))
            errors.Add($"GREENTIC_ENV '{o.Env}' is invalid: use letters, digits, '_' or '-' (at most {TenantContext.MaxIdentifierLength})");
        if (!TenantContext.IsValidIdentifier(o.DefaultTenant))
            errors.Add($"DEFAULT_TENANT '{o.DefaultTenant}' is invalid: use letters, digits, '_' or '-' (at most {TenantContext.MaxIdentifierLength})");
        if (!Enum.IsDefined(o.Resolver))
            errors.Add("TENANT_RESOLVER must be one of env, host, header, jwt");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
