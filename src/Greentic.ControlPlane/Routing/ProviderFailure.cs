using Greentic.ControlPlane.Supervision;
using Greentic.ControlPlane.Transports;
using Grpc.Core;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// Says where a provider call failed when the failure came from beyond this control plane — a sidecar or a remote —
/// so the caller does not blame its own token or the control plane: an unreachable sidecar is named with its socket
/// and its supervisor's state ("sidecar 'dummy' at unix:///… is restarting (attempt 3, next in 2 s)"); any other
/// status a provider answered keeps its code and gains the provider, the hop and the rule. Deadlines and cancellations
/// are the caller's own and pass unchanged, as do in-process failures (their messages are ours already).
/// </summary>
internal static class ProviderFailure
{
    public static RpcException Explain(RpcException e, string providerType, RouteRule rule, ProviderTransport transport, SidecarSupervisor? sidecars)
    {
        if (transport.Kind == "inproc" || e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled) return e;
        var target = rule.Binding.Target;
        var hop = transport.Kind == "sidecar"
            ? sidecars?.StateAt(target)?.Describe(DateTimeOffset.UtcNow) ?? $"sidecar at {target} (not supervised by this control plane)"
            : $"remote {target}";
        var detail = e.StatusCode == StatusCode.Unavailable
            ? $"provider '{providerType}' is unreachable: {hop}: {e.Status.Detail}"
            : $"provider '{providerType}' ({hop}; rule '{rule.Name}') answered {Name(e.StatusCode)}: {e.Status.Detail}";
        return new RpcException(new Status(e.StatusCode, detail), e.Trailers);
    }

    /// <summary>As the gRPC spec spells it: <c>PERMISSION_DENIED</c>.</summary>
    private static string Name(StatusCode code) =>
        string.Concat(code.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
