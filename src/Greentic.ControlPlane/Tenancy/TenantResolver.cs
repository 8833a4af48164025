using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>What the resolver may look at.</summary>
/// <param name="Host">The Host (or :authority) header value, port included or not.</param>
/// <param name="GetHeader">Reads a request header by (lower-case) name.</param>
/// <param name="Principal">The verified caller, if any.</param>
public sealed record TenantResolutionRequest(string? Host, Func<string, string?> GetHeader, Principal? Principal)
{
    public static TenantResolutionRequest FromHttpContext(HttpContext context, Principal? principal) =>
        new(context.Request.Host.HasValue ? context.Request.Host.Value : null,
            name => context.Request.Headers.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null,
            principal);
}

/// <summary>A tenant context, or why none could be resolved.</summary>
public sealed record TenantResolution(TenantContext? Context, AuthorizationDecision Decision)
{
    public bool Succeeded => Context is not null;
}

/// <summary>
/// Resolves the default tenant context for a request that carries none, per TENANT_RESOLVER. Resolution
/// is not authorization: the result still goes through <see cref="TenantAuthorizer"/>, so a header or Host
/// naming another tenant gets PermissionDenied there, not access.
/// </summary>
public sealed class TenantResolver(IOptionsMonitor<TenancyOptions> options)
{
    public TenantResolution Resolve(TenantResolutionRequest request)
    {
        var o = options.CurrentValue;
        switch (o.Resolver)
        {
            case TenantResolverMode.Host:
            {
                var tenant = TenantFromHost(request.Host, o.HostSuffix) ?? o.DefaultTenant;
                return Create(o.Env, tenant, null, null, "Host header");
            }
            case TenantResolverMode.Header:
            {
                var tenant = request.GetHeader(o.TenantHeader);
                var team = request.GetHeader(o.TeamHeader);
                var user = request.GetHeader(o.UserHeader);
                return Create(o.Env, string.IsNullOrEmpty(tenant) ? o.DefaultTenant : tenant,
                    string.IsNullOrEmpty(team) ? null : team, string.IsNullOrEmpty(user) ? null : user, $"'{o.TenantHeader}' header");
            }
            case TenantResolverMode.Jwt:
            {
                var principal = request.Principal;
                if (principal is null)
                {
                    return new TenantResolution(null, AuthorizationDecision.Unauthenticated(
                        "TENANT_RESOLVER=jwt takes the tenant from the bearer token, and the call has no valid one"));
                }
                var tenant = principal.DefaultTenant ?? (principal.Tenants.Count == 1 ? principal.Tenants.First() : null);
                if (tenant is null)
                {
                    return new TenantResolution(null, AuthorizationDecision.Invalid(principal.Tenants.Count == 0
                        ? $"'{principal.Subject}' is granted no tenant, so none can be resolved from its token"
                        : $"'{principal.Subject}' is granted several tenants; name one in the call's tenant context",
                        ErrorCause.Of(ErrorReasons.TenantUnresolved, ("source", "token"))));
                }
                var teams = principal.TeamsFor(tenant);
                return Create(o.Env, tenant, teams.Count == 1 ? teams[0] : null, null, "token");
            }
            default:
                return Create(o.Env, o.DefaultTenant, null, null, "DEFAULT_TENANT");
        }
    }

    /// <summary>The tenant label of a host, or null when the host names none (IP, localhost, one label, other domain).</summary>
    internal static string? TenantFromHost(string? host, string? suffix)
    {
        if (string.IsNullOrEmpty(host)) return null;
        // Strip the port; an IPv6 literal ([::1]:8080) names no tenant.
        if (host.StartsWith('[')) return null;
        var colon = host.LastIndexOf(':');
        if (colon >= 0) host = host[..colon];
        host = host.TrimEnd('.').ToLowerInvariant();
        if (System.Net.IPAddress.TryParse(host, out _)) return null;
        if (!string.IsNullOrEmpty(suffix))
        {
            var tail = "." + suffix.Trim('.').ToLowerInvariant();
            return host.EndsWith(tail, StringComparison.Ordinal) && host.Length > tail.Length
                   && !host[..^tail.Length].Contains('.') ? host[..^tail.Length] : null;
        }
        var dot = host.IndexOf('.');
        return dot <= 0 ? null : host[..dot];
    }

    private static TenantResolution Create(string env, string tenant, string? team, string? user, string source)
    {
        return TenantContext.TryCreate(env, tenant, team, user, out var context, out var error)
            ? new TenantResolution(context, AuthorizationDecision.Allow)
            : new TenantResolution(null, AuthorizationDecision.Invalid($"the tenant from the {source} is unusable: {error}",
                ErrorCause.Of(ErrorReasons.TenantUnresolved, ("source", source))));
    }
}
