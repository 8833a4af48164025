namespace Greentic.ControlPlane.Auth;

/// <summary>Why a bearer token was refused. Every reason maps to gRPC Unauthenticated / HTTP 401.</summary>
public enum JwtFailureReason
{
    None = 0,
    Malformed,
    UnsupportedAlgorithm,
    UnknownKey,
    BadSignature,
    Expired,
    NotYetValid,
    IssuedInFuture,
    LifetimeTooLong,
    WrongIssuer,
    WrongAudience,
    MissingClaim,
    KeysUnavailable,
}

/// <summary>A verified principal, or the reason the token was refused with a message that never quotes it.</summary>
public sealed record JwtValidationResult(Principal? Principal, JwtFailureReason Failure, string Message)
{
    public bool Succeeded => Principal is not null;

    public static JwtValidationResult Success(Principal principal) => new(principal, JwtFailureReason.None, "");

    public static JwtValidationResult Fail(JwtFailureReason reason, string message) => new(null, reason, message);

    public AuthorizationDecision ToDecision() =>
        Succeeded ? AuthorizationDecision.Allow : AuthorizationDecision.Unauthenticated($"bearer token refused: {Message}");
}
