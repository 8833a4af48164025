using Grpc.Core;

namespace Greentic.ControlPlane.Errors;

/// <summary>
/// The <c>ErrorInfo.reason</c> values of the control plane (domain <see cref="Domain"/>). A reason names the cause,
/// so a client can branch on it without parsing the message; a status code alone has several causes.
/// </summary>
public static class ErrorReasons
{
    public const string Domain = "greentic.dev";

    // Authentication and authorization.
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string TenantNotGranted = "TENANT_NOT_GRANTED";
    public const string TeamRequired = "TEAM_REQUIRED";
    public const string TeamNotGranted = "TEAM_NOT_GRANTED";
    public const string RoleRequired = "ROLE_REQUIRED";
    public const string AdminLoopbackOnly = "ADMIN_LOOPBACK_ONLY";
    public const string CallbackOutOfScope = "CALLBACK_OUT_OF_SCOPE";
    public const string PermissionDenied = "PERMISSION_DENIED";

    // The tenant context of a request.
    public const string InvalidTenantContext = "INVALID_TENANT_CONTEXT";
    public const string EnvNotServed = "ENV_NOT_SERVED";
    public const string TenantUnresolved = "TENANT_UNRESOLVED";

    // Provider calls.
    public const string FieldRequired = "FIELD_REQUIRED";
    public const string NoRoute = "NO_ROUTE";
    public const string ProviderNotFound = "PROVIDER_NOT_FOUND";
    public const string ProviderUnavailable = "PROVIDER_UNAVAILABLE";
    public const string ProviderDeadlineExceeded = "PROVIDER_DEADLINE_EXCEEDED";
    public const string RemoteIdentityMissing = "REMOTE_IDENTITY_MISSING";

    // Limits.
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";

    // Handlers that failed unexpectedly (the log has the exception).
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>The reason of an error whose throw site named none: the status code, spelled as the gRPC spec spells it.</summary>
    public static string ForStatus(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        _ => code.ToString().ToUpperInvariant(),
    };
}
