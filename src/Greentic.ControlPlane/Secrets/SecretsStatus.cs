using Grpc.Core;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// A secrets failure as the status callers see it — from <c>SecretsService</c> and from the secrets host of an
/// in-process C# provider alike: denied is PERMISSION_DENIED, a bad key INVALID_ARGUMENT.
/// </summary>
internal static class SecretsStatus
{
    public static RpcException ToRpc(SecretsException e) => new(new Status(e.Code switch
    {
        SecretsErrorCode.Denied => StatusCode.PermissionDenied,
        SecretsErrorCode.InvalidKey => StatusCode.InvalidArgument,
        SecretsErrorCode.NotFound => StatusCode.NotFound,
        SecretsErrorCode.Unsupported => StatusCode.FailedPrecondition,
        _ => StatusCode.Internal,
    }, e.Message));
}
