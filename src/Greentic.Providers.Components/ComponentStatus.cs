using Greentic.ComponentHost;
using Grpc.Core;

namespace Greentic.Providers.Components;

/// <summary>
/// The status a component failure becomes, whichever host ran it (the component host's README has the table):
/// a trap is INTERNAL, the deadline DEADLINE_EXCEEDED, a limit RESOURCE_EXHAUSTED, cancellation CANCELLED, and a
/// component that cannot run here (missing export, unsatisfied import, invalid bytes) FAILED_PRECONDITION.
/// </summary>
public static class ComponentStatus
{
    public static StatusCode Of(ComponentErrorKind kind) => kind switch
    {
        ComponentErrorKind.Trap => StatusCode.Internal,
        ComponentErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
        ComponentErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        ComponentErrorKind.Cancelled => StatusCode.Cancelled,
        _ => StatusCode.FailedPrecondition,
    };

    /// <param name="describedAs">Names the provider and its component, e.g. <c>provider 'x' (component 'y' 1.0.0)</c>.</param>
    public static RpcException ToRpc(ComponentException e, string describedAs) =>
        new(new Status(Of(e.Kind), $"{describedAs}: {e.Message}"));
}
