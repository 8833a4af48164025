using Greentic.ComponentHost;
using Microsoft.Extensions.Logging;

namespace Greentic.Providers.Components;

/// <summary>
/// What one component call may reach, already bound to the call's tenant by the host that runs it: in process the
/// control plane's stores and egress, in a sidecar the control plane's services reached by callback.
/// </summary>
/// <param name="State">Null: the call has no state (a granted state import then answers <c>unavailable</c>).</param>
/// <param name="Logger">Receives the guest's stdout/stderr and its logger-api records.</param>
public sealed record ComponentImports(ISecretsAccess Secrets, IStateAccess? State, IHttpEgress Http, ILogger Logger)
{
    /// <summary>The tenant's OAuth broker; null where the host has none (a granted broker import then answers <c>unavailable</c>).</summary>
    public IOAuthBrokerAccess? OAuth { get; init; }
}
