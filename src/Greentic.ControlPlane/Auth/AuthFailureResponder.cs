using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Answers a request the authorization middleware refused, before any endpoint reads its body: a gRPC call gets
/// a Trailers-Only response with UNAUTHENTICATED or PERMISSION_DENIED and a message naming what to fix (clients
/// would otherwise see a bare HTTP 401); an HTTP call gets 401/403 with a JSON <c>{"error": …}</c>.
/// </summary>
internal sealed class AuthFailureResponder : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        var (status, message) = await DescribeAsync(context, policy, result);
        if (IsGrpc(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = GrpcMessage.Encode(message);
            return;
        }
        context.Response.StatusCode = status == AuthStatus.PermissionDenied ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = message });
    }

    private static async Task<(AuthStatus, string)> DescribeAsync(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(GreenticAuthenticationSchemes.Default))
        {
            var authenticated = await context.AuthenticateAsync(scheme);
            if (authenticated.Failure is AdminRefusedException admin) return (admin.Decision.Status, admin.Decision.Message);
            if (authenticated.Failure is { } failure) return (AuthStatus.Unauthenticated, AuthFailureMessages.Describe(failure));
        }
        if (result.Forbidden) return (AuthStatus.PermissionDenied, "the caller is authenticated but not allowed to call this");
        return (AuthStatus.Unauthenticated,
            "the call carries no credentials: send 'authorization: Bearer <jwt>' or connect over TLS with a client certificate");
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
