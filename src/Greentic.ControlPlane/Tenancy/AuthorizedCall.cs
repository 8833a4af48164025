using Greentic.ControlPlane.Auth;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// A call that passed authentication and tenant authorization: who called, the validated tenant scope,
/// and the wire tenant context with its env filled in (what providers and stores receive).
/// </summary>
public sealed record AuthorizedCall(Principal Principal, TenantContext Tenant, TenantCtx TenantCtx);
