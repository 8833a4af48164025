using Greentic.Providers;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host;

/// <summary>The host imports of this sidecar's C# providers: secrets and state on the control plane (<see cref="ControlPlaneConnection"/>).</summary>
internal static class ControlPlaneCallbacks
{
    public static IProviderHostFactory Create(ControlPlaneConnection? connection) =>
        connection is null ? new NoHost() : new ControlPlaneHostFactory(connection);

    private sealed class NoHost : IProviderHostFactory
    {
        public IProviderHost ForTenant(TenantCtx tenant) => UnavailableProviderHost.Instance;
    }
}
