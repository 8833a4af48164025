using Greentic.ControlPlane.Auth;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// The extra rule for provider callbacks: a caller with the <see cref="GreenticRoles.Sidecar"/> role may use
/// host services only inside a provider call in progress for the same tenant scope (<see cref="InFlightCalls"/>).
/// </summary>
public sealed class CallbackPolicy(InFlightCalls calls)
{
    /// <summary>
    /// A provider sidecar identity without tenant grants of its own (the desktop sample sidecar) is granted the tenant
    /// of the provider call it is serving — exactly that scope, and only while that call is in progress. A sidecar whose
    /// identity names tenants (a tenant-bound certificate) keeps to those, like any caller.
    /// </summary>
    public bool GrantsCallTenant(Principal? principal, TenantCtx? requested, TenantContext scope) =>
        principal is not null && principal.IsInRole(GreenticRoles.Sidecar) && principal.Tenants.Count == 0
        && calls.Find(requested, scope) is not null;

    /// <summary>Null for ordinary callers; for a provider callback, the call it belongs to. Throws PERMISSION_DENIED outside one.</summary>
    public InFlightCalls.InFlightCall? Check(AuthorizedCall call, TenantCtx? requested)
    {
        if (!call.Principal.IsInRole(GreenticRoles.Sidecar)) return null;
        return calls.Find(requested, call.Tenant) ?? throw new RpcException(new Status(StatusCode.PermissionDenied,
            $"sidecar '{call.Principal.Subject}' may call back only within a provider call in progress for tenant '{call.Tenant.Tenant}': " +
            "pass the tenant context of the call you are serving, unchanged"));
    }
}
