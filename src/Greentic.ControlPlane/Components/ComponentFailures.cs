using Greentic.ComponentHost;
using Grpc.Core;
using PackProvider = Greentic.Packs.Runtime.ProviderComponent;

namespace Greentic.ControlPlane.Components;

/// <summary>A component failure as the status a caller sees; the message names the provider, its component and what happened.</summary>
internal static class ComponentFailures
{
    public static RpcException ToRpc(ComponentException e, PackProvider provider)
    {
        var code = e.Kind switch
        {
            ComponentErrorKind.Trap => StatusCode.Internal,
            ComponentErrorKind.DeadlineExceeded => StatusCode.DeadlineExceeded,
            ComponentErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
            ComponentErrorKind.Cancelled => StatusCode.Cancelled,
            _ => StatusCode.FailedPrecondition,
        };
        return new RpcException(new Status(code,
            $"provider '{provider.ProviderType}' (component '{provider.ComponentId}' {provider.ComponentVersion}): {e.Message}"));
    }
}
