using Duende.IdentityModel.Client;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Grpc.Core;

namespace Greentic.ControlPlane.OAuth;

/// <summary>
/// A failed token-endpoint answer as the status a caller sees, with what to do about it:
/// <list type="bullet">
/// <item>unreachable, 5xx, <c>server_error</c>, <c>temporarily_unavailable</c> → UNAVAILABLE (retry later);</item>
/// <item><c>invalid_grant</c> on a code → INVALID_ARGUMENT (codes are single use: consent again);</item>
/// <item><c>invalid_grant</c> on a refresh → FAILED_PRECONDITION (the grant was revoked or expired: consent again);</item>
/// <item><c>invalid_client</c>, <c>unauthorized_client</c> → FAILED_PRECONDITION (fix the client id or secret);</item>
/// <item><c>invalid_scope</c> → INVALID_ARGUMENT; anything else → FAILED_PRECONDITION naming the provider's error.</item>
/// </list>
/// The provider's description is quoted sanitized and redacted: it never carries a token.
/// </summary>
internal static class TokenEndpointErrors
{
    public enum Phase { Exchange, Refresh }

    public static RpcException ToRpc(TokenResponse response, OAuthProvider provider, string endpoint, Phase phase, SecretRedactor redactor)
    {
        var who = $"OAuth provider '{provider.Id}'";
        if (response.ErrorType == ResponseErrorType.Exception)
            return Error(StatusCode.Unavailable, $"{who}'s token endpoint {endpoint} could not be reached ({Quote(response.Error, redactor)}); retry later", redactor);
        var code = response.Error ?? "";
        var said = response.ErrorDescription is { Length: > 0 } d ? $"{code}: {Quote(d, redactor)}" : Quote(code, redactor);
        if (response.ErrorType == ResponseErrorType.Http && string.IsNullOrEmpty(response.ErrorDescription))
            said = $"HTTP {(int)response.HttpStatusCode} {Quote(response.HttpErrorReason, redactor)}";
        return code switch
        {
            "invalid_grant" when phase == Phase.Exchange => Error(StatusCode.InvalidArgument,
                $"{who} refused the authorization code ({said}): a code is single use and expires within minutes; start again with GetConsentUrl", redactor),
            "invalid_grant" => Error(StatusCode.FailedPrecondition,
                $"{who} refused the stored refresh token ({said}): the user's grant was revoked or has expired; " +
                "the token set was dropped — send the user through consent again (GetConsentUrl)", redactor),
            "invalid_client" or "unauthorized_client" => Error(StatusCode.FailedPrecondition,
                $"{who} rejected client '{provider.Options.ClientId}' ({said}): check {provider.ConfigKey}:ClientId and the secret its ClientSecretName names", redactor),
            "invalid_scope" => Error(StatusCode.InvalidArgument, $"{who} refused the requested scopes ({said})", redactor),
            "server_error" or "temporarily_unavailable" => Error(StatusCode.Unavailable, $"{who} is unavailable ({said}); retry later", redactor),
            _ when (int)response.HttpStatusCode >= 500 => Error(StatusCode.Unavailable, $"{who}'s token endpoint failed ({said}); retry later", redactor),
            _ => Error(StatusCode.FailedPrecondition, $"{who} refused the token request ({said})", redactor),
        };
    }

    private static string Quote(string? text, SecretRedactor redactor) =>
        string.IsNullOrEmpty(text) ? "no detail" : redactor.Redact(TenantContext.Sanitize(text.Length > 200 ? text[..200] : text));

    private static RpcException Error(StatusCode code, string message, SecretRedactor redactor) =>
        new(new Status(code, redactor.Redact(message)));
}
