using Greentic.ComponentHost;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// A failed callback as the guest sees it in process: the control plane's status becomes the <c>host-error</c> code its
/// services map from (HttpService, StateService), with the same message; a callback cut short by the call's own
/// cancellation or deadline is a cancellation, as a local import's would be.
/// </summary>
internal static class CallbackFailures
{
    public static Exception ToHost(RpcException e, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return new OperationCanceledException(e.Message, e, cancellationToken);
        var code = e.StatusCode switch
        {
            StatusCode.PermissionDenied => HostErrorCodes.Denied,
            StatusCode.DeadlineExceeded => HostErrorCodes.Timeout,
            StatusCode.ResourceExhausted => HostErrorCodes.TooLarge,
            StatusCode.InvalidArgument => HostErrorCodes.InvalidInput,
            StatusCode.Unavailable => HostErrorCodes.Unavailable,
            StatusCode.NotFound => HostErrorCodes.NotFound,
            _ => null,
        };
        // Anything else is the host's own failure: the import reports it as `internal` without its message.
        return code is null ? e : new HostCallException(code, e.Status.Detail);
    }
}
