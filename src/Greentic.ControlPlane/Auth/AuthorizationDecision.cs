using Greentic.ControlPlane.Errors;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Outcome codes of authentication and authorization, numbered as the gRPC status codes they map to,
/// so a service can cast: <c>(Grpc.Core.StatusCode)decision.Status</c>. HTTP callers map
/// Unauthenticated to 401, PermissionDenied to 403 and InvalidArgument to 400.
/// </summary>
public enum AuthStatus
{
    Ok = 0,
    InvalidArgument = 3,
    PermissionDenied = 7,
    Unauthenticated = 16,
}

/// <summary>
/// Allowed or not, with the status to return and a message a person can act on. Messages name the
/// subject, tenant, team or role involved; they never contain a token, a signature or a secret.
/// </summary>
public sealed record AuthorizationDecision(AuthStatus Status, string Message)
{
    public static readonly AuthorizationDecision Allow = new(AuthStatus.Ok, "");

    public bool Allowed => Status == AuthStatus.Ok;

    /// <summary>What a refusal is about, for the status details; null names it by its status.</summary>
    public ErrorCause? Cause { get; init; }

    public static AuthorizationDecision Unauthenticated(string message, ErrorCause? cause = null) =>
        new(AuthStatus.Unauthenticated, message) { Cause = cause ?? ErrorCause.Of(ErrorReasons.Unauthenticated) };
    public static AuthorizationDecision Denied(string message, ErrorCause? cause = null) => new(AuthStatus.PermissionDenied, message) { Cause = cause };
    public static AuthorizationDecision Invalid(string message, ErrorCause? cause = null) => new(AuthStatus.InvalidArgument, message) { Cause = cause };

    /// <summary>The HTTP status for the same outcome (admin endpoints, ingress).</summary>
    public int HttpStatusCode => Status switch
    {
        AuthStatus.Ok => 200,
        AuthStatus.InvalidArgument => 400,
        AuthStatus.PermissionDenied => 403,
        _ => 401,
    };
}
