using Greentic.Providers;
using Greentic.Providers.Channels;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host;

/// <summary>
/// The host imports of this sidecar's providers: SecretsService and StateService on the control plane,
/// reached with the sidecar's own identity — a client certificate over mutual TLS (<c>https://</c>), or
/// in desktop mode a bearer token from GREENTIC_SIDECAR_TOKEN — and always with the tenant context of
/// the provider call being served, unchanged.
/// </summary>
internal static class ControlPlaneCallbacks
{
    public const string TokenVariable = "GREENTIC_SIDECAR_TOKEN";

    public static IProviderHostFactory Create(SidecarOptions options)
    {
        if (options.ControlPlane is null) return new NoHost();
        ChannelTls? tls = null;
        if (options.ControlPlane.StartsWith("https://", StringComparison.Ordinal))
        {
            if (options.TlsCert is null || options.TlsKey is null || options.TlsCa is null)
                throw new ArgumentException("an https:// control plane needs --tls-cert, --tls-key and --tls-ca (the sidecar's mTLS identity)");
            tls = ChannelTls.FromFiles(options.TlsCert, options.TlsKey, options.TlsCa);
        }
        var channel = TargetChannel.Create(options.ControlPlane, tls);
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        return new ControlPlaneHostFactory(channel, string.IsNullOrEmpty(token) ? null : token);
    }

    private sealed class NoHost : IProviderHostFactory
    {
        public IProviderHost ForTenant(TenantCtx tenant) => UnavailableProviderHost.Instance;
    }
}
