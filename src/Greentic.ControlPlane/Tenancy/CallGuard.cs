using Greentic.ControlPlane.Auth;
using Greentic.Rpc;
using Greentic.Types.V1;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// The check every control-plane rpc starts with:
/// <list type="number">
/// <item>authenticate the caller — a bearer JWT (verified) or else the TLS client certificate;</item>
/// <item>take the tenant context from the request, or resolve a default per TENANT_RESOLVER when it names no tenant;</item>
/// <item>validate it (identifiers, and the env this control plane serves);</item>
/// <item>authorize it against the principal's grants (and a role, for admin operations).</item>
/// </list>
/// Any failure is an <see cref="RpcException"/>: UNAUTHENTICATED, PERMISSION_DENIED or INVALID_ARGUMENT,
/// with a message that names what to fix and never echoes a credential.
/// </summary>
public sealed class CallGuard(
    JwtValidator jwt,
    ClientCertificateAuthenticator certificates,
    TenantResolver resolver,
    TenantAuthorizer authorizer,
    IOptionsMonitor<TenancyOptions> tenancy)
{
    private static readonly object PrincipalKey = new();

    public async ValueTask<AuthorizedCall> AuthorizeAsync(ServerCallContext context, TenantCtx? requested, string? requiredRole = null)
    {
        var principal = await AuthenticateAsync(context);
        var tenant = ResolveTenant(context, requested, principal);
        var decision = authorizer.Authorize(principal, tenant, requiredRole, context.Method.TrimStart('/'));
        if (!decision.Allowed) throw ToRpc(decision);
        return new AuthorizedCall(principal!, tenant, Normalize(requested, tenant));
    }

    /// <summary>The caller's principal, or null when it sent no credentials. Bad credentials are UNAUTHENTICATED.</summary>
    public async ValueTask<Principal?> AuthenticateAsync(ServerCallContext context)
    {
        if (context.UserState.TryGetValue(PrincipalKey, out var cached)) return (Principal?)cached;
        Principal? principal = null;
        var authorization = context.RequestHeaders.GetValue("authorization");
        if (authorization is not null)
        {
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                throw new RpcException(new Status(StatusCode.Unauthenticated, "the 'authorization' header must be 'Bearer <jwt>'"));
            var result = await jwt.ValidateAsync(authorization["Bearer ".Length..].Trim(), context.CancellationToken);
            principal = result.Principal ?? throw new RpcException(new Status(StatusCode.Unauthenticated, result.Message));
        }
        else if (context.ClientCertificate is { } certificate)
        {
            var result = certificates.Authenticate(certificate);
            principal = result.Principal ?? throw ToRpc(result.Decision);
        }
        context.UserState[PrincipalKey] = principal;
        return principal;
    }

    private TenantContext ResolveTenant(ServerCallContext context, TenantCtx? requested, Principal? principal)
    {
        var options = tenancy.CurrentValue;
        if (requested is null || string.IsNullOrEmpty(requested.Tenant))
        {
            var headers = context.RequestHeaders;
            var resolution = resolver.Resolve(new TenantResolutionRequest(context.Host, name => headers.GetValue(name), principal));
            return resolution.Context ?? throw ToRpc(resolution.Decision);
        }
        var env = string.IsNullOrEmpty(requested.Env) ? options.Env : requested.Env;
        if (env != options.Env)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"tenant context names env '{env}', but this control plane serves env '{options.Env}'"));
        if (!TenantContext.TryCreate(env, requested.Tenant, NullIfEmpty(requested.HasTeam ? requested.Team : null),
                NullIfEmpty(requested.HasUser ? requested.User : null), out var tenant, out var error))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid tenant context: {error}"));
        return tenant;
    }

    private static TenantCtx Normalize(TenantCtx? requested, TenantContext tenant)
    {
        var ctx = requested?.Clone() ?? new TenantCtx();
        ctx.Env = tenant.Env;
        ctx.Tenant = tenant.Tenant;
        if (string.IsNullOrEmpty(ctx.TenantId)) ctx.TenantId = tenant.Tenant;
        if (tenant.Team is not null) ctx.Team = tenant.Team; else ctx.ClearTeam();
        if (tenant.User is not null) ctx.User = tenant.User; else ctx.ClearUser();
        return ctx;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static RpcException ToRpc(AuthorizationDecision decision) =>
        new(new Status((StatusCode)(int)decision.Status, decision.Message));
}
