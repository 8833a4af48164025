using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// Compares a call's <see cref="TenantContext"/> with the caller's <see cref="Principal"/>:
/// <list type="number">
/// <item>no principal → Unauthenticated;</item>
/// <item>tenant not granted → PermissionDenied;</item>
/// <item>principal restricted to teams of that tenant, and the context names no team or another team → PermissionDenied;</item>
/// <item>a required role (admin operations) missing → PermissionDenied.</item>
/// </list>
/// There is no wildcard grant and no role that bypasses the tenant check: cross-tenant access needs the
/// tenant in the principal's grants.
/// </summary>
public sealed class TenantAuthorizer
{
    private const int MaxListedGrants = 10;
    private readonly ILogger<TenantAuthorizer> _logger;

    public TenantAuthorizer(ILogger<TenantAuthorizer>? logger = null)
    {
        _logger = logger ?? NullLogger<TenantAuthorizer>.Instance;
    }

    /// <param name="principal">The authenticated caller, or null when the call carried no valid credentials.</param>
    /// <param name="context">The tenant context the call acts in.</param>
    /// <param name="requiredRole">A role the operation needs (e.g. <see cref="GreenticRoles.Admin"/>), or null.</param>
    /// <param name="operation">Names the operation in messages, e.g. <c>AdminService/ReloadPacks</c>.</param>
    public AuthorizationDecision Authorize(Principal? principal, TenantContext context, string? requiredRole = null, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = Decide(principal, context, requiredRole, operation);
        if (!decision.Allowed)
        {
            AuthLog.AuthorizationDenied(_logger, principal?.ToString() ?? "(anonymous)", context.Tenant, context.Team ?? "", decision.Status, decision.Message);
        }
        return decision;
    }

    private static AuthorizationDecision Decide(Principal? principal, TenantContext context, string? requiredRole, string? operation)
    {
        if (principal is null)
        {
            return AuthorizationDecision.Unauthenticated(
                "the call carries no valid credentials: send 'authorization: Bearer <jwt>' or connect with a client certificate");
        }
        if (!principal.Tenants.Contains(context.Tenant))
        {
            if (principal.IsInRole(GreenticRoles.Sidecar) && principal.Tenants.Count == 0)
            {
                return AuthorizationDecision.Denied(
                    $"provider sidecar '{principal.Subject}' acts for tenant '{context.Tenant}' only inside a provider call in progress for it, " +
                    "and no such call carries the call id this request passed; pass the tenant context of the call being served, unchanged");
            }
            return AuthorizationDecision.Denied(
                $"'{principal.Subject}' is not granted tenant '{context.Tenant}' (granted: {List(principal.Tenants)}) — {Identity(principal)}; " +
                "use a tenant you are granted or ask for a token that grants this one");
        }
        var teams = principal.TeamsFor(context.Tenant);
        if (teams.Count > 0)
        {
            if (context.Team is null)
            {
                return AuthorizationDecision.Denied(
                    $"'{principal.Subject}' is restricted to teams {List(teams)} of tenant '{context.Tenant}'; set the team in the tenant context");
            }
            if (!teams.Contains(context.Team, StringComparer.Ordinal))
            {
                return AuthorizationDecision.Denied(
                    $"'{principal.Subject}' is not granted team '{context.Team}' of tenant '{context.Tenant}' (granted: {List(teams)})");
            }
        }
        if (requiredRole is not null && !principal.IsInRole(requiredRole))
        {
            var what = operation is null ? "this operation" : $"'{operation}'";
            return AuthorizationDecision.Denied($"{what} requires role '{requiredRole}', which '{principal.Subject}' does not have");
        }
        return AuthorizationDecision.Allow;
    }

    /// <summary>Which credential the grants came from, so a refusal says whose grant is missing.</summary>
    private static string Identity(Principal principal) => principal.Method switch
    {
        AuthenticationMethod.Jwt => principal.IsInRole(GreenticRoles.Sidecar)
            ? $"the provider sidecar identity's bearer token{Issuer(principal)}"
            : $"the caller's bearer token{Issuer(principal)}",
        AuthenticationMethod.ClientCertificate => "the caller's client certificate",
        AuthenticationMethod.AdminToken => "the ADMIN_TOKEN bearer",
        _ => "the loopback admin caller",
    };

    private static string Issuer(Principal principal) => principal.Issuer is { Length: > 0 } issuer ? $" (issuer '{issuer}')" : "";

    private static string List(IEnumerable<string> values)
    {
        var sorted = values.Order(StringComparer.Ordinal).ToList();
        if (sorted.Count == 0) return "none";
        var shown = string.Join(", ", sorted.Take(MaxListedGrants).Select(v => $"'{v}'"));
        return sorted.Count > MaxListedGrants ? $"{shown} and {sorted.Count - MaxListedGrants} more" : shown;
    }
}
