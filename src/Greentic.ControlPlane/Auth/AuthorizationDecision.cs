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

    public static AuthorizationDecision Unauthenticated(string message) => new(AuthStatus.Unauthenticated, message);
    public static AuthorizationDecision Denied(string message) => new(AuthStatus.PermissionDenied, message);
    public static AuthorizationDecision Invalid(string message) => new(AuthStatus.InvalidArgument, message);

    /// <summary>The HTTP status for the same outcome (admin endpoints, ingress).</summary>
    public int HttpStatusCode => Status switch
    {
        AuthStatus.Ok => 200,
        AuthStatus.InvalidArgument => 400,
        AuthStatus.PermissionDenied => 403,
        _ => 401,
    };
}
