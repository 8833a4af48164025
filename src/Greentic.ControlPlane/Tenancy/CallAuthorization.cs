using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Errors;
using Grpc.Core;

namespace Greentic.ControlPlane.Tenancy;

/// <summary>Where a handler finds the outcome of <see cref="TenantAuthorizationInterceptor"/> for its call.</summary>
public static class CallAuthorization
{
    private static readonly object Key = new();

    /// <summary>The authorized caller and tenant scope of this call.</summary>
    public static AuthorizedCall Authorized(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var value) && value is AuthorizedCall call
            ? call
            : throw new InvalidOperationException($"'{context.Method}' ran without tenant authorization: map its service with the tenant interceptor");

    /// <summary>The authorized caller and tenant scope, or null when the call has not passed (or failed) the tenant check.</summary>
    public static AuthorizedCall? TryAuthorized(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var value) ? value as AuthorizedCall : null;

    internal static void Set(ServerCallContext context, AuthorizedCall call) => context.UserState[Key] = call;

    /// <summary>PERMISSION_DENIED unless the caller has <paramref name="role"/> (admin operations).</summary>
    public static void RequireRole(this AuthorizedCall call, string role, ServerCallContext context)
    {
        if (!call.Principal.IsInRole(role))
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"'{context.Method.TrimStart('/')}' requires role '{role}', which '{call.Principal.Subject}' does not have"))
                .WithCause(ErrorReasons.RoleRequired, ("role", role), ("tenant", call.Tenant.Tenant));
    }

    public static RpcException ToRpcException(this AuthorizationDecision decision)
    {
        var exception = new RpcException(new Status((StatusCode)(int)decision.Status, decision.Message));
        return decision.Cause is { } cause ? exception.WithCause(cause) : exception;
    }
}
