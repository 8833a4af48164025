using System.Text.Json.Nodes;
using Greentic.ControlPlane.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Answers a request the authorization middleware refused, before any endpoint reads its body: a gRPC call gets
/// a Trailers-Only response with UNAUTHENTICATED or PERMISSION_DENIED, a message naming what to fix (clients
/// would otherwise see a bare HTTP 401) and <c>grpc-status-details-bin</c> (reason, and which credential failed);
/// an HTTP call gets 401/403 with a JSON <c>{"error": …}</c>.
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
        var (status, message, cause) = await DescribeAsync(context, policy, result);
        if (IsGrpc(context.Request))
        {
            var code = (Grpc.Core.StatusCode)(int)status;
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = GrpcMessage.Encode(message);
            context.Response.Headers[StatusDetails.TrailerName] = StatusDetails.HeaderValue(code, message, cause);
            return;
        }
        context.Response.StatusCode = status == AuthStatus.PermissionDenied ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = message });
    }

    private static async Task<(AuthStatus, string, ErrorCause)> DescribeAsync(HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        foreach (var scheme in policy.AuthenticationSchemes.DefaultIfEmpty(GreenticAuthenticationSchemes.Default))
        {
            var authenticated = await context.AuthenticateAsync(scheme);
            if (authenticated.Failure is AdminRefusedException admin)
                return (admin.Decision.Status, admin.Decision.Message, admin.Decision.Cause ?? ErrorCause.Of(ErrorReasons.ForStatus((Grpc.Core.StatusCode)(int)admin.Decision.Status)));
            if (authenticated.Failure is { } failure)
                return (AuthStatus.Unauthenticated, AuthFailureMessages.Describe(failure), ErrorCause.Of(ErrorReasons.Unauthenticated, ("credential", Credential(context))));
        }
        if (result.Forbidden)
            return (AuthStatus.PermissionDenied, "the caller is authenticated but not allowed to call this", ErrorCause.Of(ErrorReasons.PermissionDenied));
        return (AuthStatus.Unauthenticated,
            "the call carries no credentials: send 'authorization: Bearer <jwt>' or connect over TLS with a client certificate",
            ErrorCause.Of(ErrorReasons.Unauthenticated, ("credential", "none")));
    }

    /// <summary>Which credential the default scheme judged: the bearer token when there is one, else the client certificate.</summary>
    private static string Credential(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0 ? "bearer" : context.Connection.ClientCertificate is not null ? "certificate" : "none";

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);
}
