using Greentic.ComponentHost;
using PackHostCapabilities = Greentic.Packs.Manifest.ComponentCapabilities;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// Which host imports a component is linked with, from its manifest's capabilities: the state-store import only when
/// the manifest grants state (upstream's rule), read or read+write; the OAuth broker only when the manifest declares
/// <c>host.oauth</c> and the calling tenant has OAuth providers configured (upstream's runner links it only with an
/// oauth block); secrets, http and telemetry always — every use of them is still checked per call against the binding's
/// secrets allow-list and the tenant's egress policy.
/// </summary>
internal static class ComponentGrants
{
    public const string OAuthCapability = "oauth";

    public static HostCapabilities Of(PackHostCapabilities capabilities, bool tenantHasOAuth)
    {
        var grants = HostCapabilities.Default;
        if (tenantHasOAuth && capabilities.Grants(OAuthCapability)) grants |= HostCapabilities.OAuthBroker;
        if (capabilities.Grants("state.read") || capabilities.Grants("state.write")) grants |= HostCapabilities.StateRead;
        if (capabilities.Grants("state.write")) grants |= HostCapabilities.StateWrite;
        return grants;
    }
}
