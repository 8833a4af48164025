using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Errors;
using Greentic.Types.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>
/// The tenant check every tenant-scoped rpc passes before its handler runs (authentication already happened in
/// ASP.NET Core's pipeline, before the request body was read):
/// <list type="number">
/// <item>take the tenant context from the request's <c>ctx</c>, or resolve a default per TENANT_RESOLVER when it names no tenant;</item>
/// <item>validate it (identifiers, and the env this control plane serves);</item>
/// <item>authorize it against the caller's grants.</item>
/// </list>
/// The outcome is available to the handler as <see cref="CallAuthorization.Authorized(ServerCallContext)"/>.
/// Failures are PERMISSION_DENIED, UNAUTHENTICATED or INVALID_ARGUMENT with a message that names what to fix.
/// </summary>
internal sealed class TenantAuthorizationInterceptor(
    TenantResolver resolver, TenantAuthorizer authorizer, CallbackPolicy callbacks, IOptionsMonitor<TenancyOptions> tenancy) : CallCheckInterceptor
{
    protected override void Check(ServerCallContext context, object? request) =>
        Authorize(context, request is null ? null : RequestTenantCtx.Of(request));

    private void Authorize(ServerCallContext context, TenantCtx? requested)
    {
        var http = context.GetHttpContext();
        var principal = http.User.GreenticPrincipal();
        var tenant = Resolve(http, requested, principal);
        var decision = callbacks.GrantsCallTenant(principal, requested, tenant)
            ? AuthorizationDecision.Allow
            : authorizer.Authorize(principal, tenant, operation: context.Method.TrimStart('/'));
        if (!decision.Allowed) throw decision.ToRpcException();
        CallAuthorization.Set(context, new AuthorizedCall(principal!, tenant, Normalize(requested, tenant)));
    }

    private TenantContext Resolve(HttpContext http, TenantCtx? requested, Principal? principal)
    {
        var options = tenancy.CurrentValue;
        if (requested is null || string.IsNullOrEmpty(requested.Tenant))
        {
            var resolution = resolver.Resolve(TenantResolutionRequest.FromHttpContext(http, principal));
            return resolution.Context ?? throw resolution.Decision.ToRpcException();
        }
        var env = string.IsNullOrEmpty(requested.Env) ? options.Env : requested.Env;
        if (env != options.Env)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"tenant context names env '{env}', but this control plane serves env '{options.Env}'"))
                .WithCause(ErrorReasons.EnvNotServed, ("env", TenantContext.Sanitize(env)), ("served_env", options.Env));
        if (!TenantContext.TryCreate(env, requested.Tenant, NullIfEmpty(requested.HasTeam ? requested.Team : null),
                NullIfEmpty(requested.HasUser ? requested.User : null), out var tenant, out var error))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid tenant context: {error}"))
                .WithCause(ErrorReasons.InvalidTenantContext);
        return tenant;
    }

    /// <summary>The wire context providers and stores receive: the request's, with the authorized scope written over it.</summary>
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
}
