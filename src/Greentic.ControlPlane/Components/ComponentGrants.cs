using Greentic.ComponentHost;
using PackHostCapabilities = Greentic.Packs.Manifest.ComponentCapabilities;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// Which host imports a component is linked with, from its manifest's capabilities: the state-store import only when
/// the manifest grants state (upstream's rule), read or read+write; secrets, http and telemetry always — every use of
/// them is still checked per call against the binding's secrets allow-list and the tenant's egress policy.
/// </summary>
internal static class ComponentGrants
{
    public static HostCapabilities Of(PackHostCapabilities capabilities)
    {
        var grants = HostCapabilities.Default;
        if (capabilities.Grants("state.read") || capabilities.Grants("state.write")) grants |= HostCapabilities.StateRead;
        if (capabilities.Grants("state.write")) grants |= HostCapabilities.StateWrite;
        return grants;
    }
}
