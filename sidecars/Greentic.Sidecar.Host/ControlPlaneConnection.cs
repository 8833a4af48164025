using Greentic.Http.V1;
using Greentic.Providers.Channels;
using Greentic.Secrets.V1;
using Greentic.State.V1;
using Grpc.Core;

namespace Greentic.Sidecar.Host;

/// <summary>
/// The sidecar's way back to the control plane's SecretsService, StateService and HttpService, with its own identity:
/// a client certificate over mutual TLS (<c>https://</c>), or in desktop mode a bearer token from
/// <see cref="TokenVariable"/>. Every callback carries the tenant context of the provider call being served, unchanged.
/// </summary>
internal sealed class ControlPlaneConnection : IDisposable
{
    public const string TokenVariable = "GREENTIC_SIDECAR_TOKEN";

    private readonly TargetChannel channel;

    private ControlPlaneConnection(TargetChannel channel, string? bearerToken)
    {
        this.channel = channel;
        Headers = bearerToken is null ? null : new Metadata { { "authorization", "Bearer " + bearerToken } };
        Secrets = new SecretsService.SecretsServiceClient(channel.Invoker);
        State = new StateService.StateServiceClient(channel.Invoker);
        Http = new HttpService.HttpServiceClient(channel.Invoker);
    }

    /// <summary>Sent with every callback (the desktop-mode bearer token), or null.</summary>
    public Metadata? Headers { get; }
    public SecretsService.SecretsServiceClient Secrets { get; }
    public StateService.StateServiceClient State { get; }
    public HttpService.HttpServiceClient Http { get; }

    /// <summary>The connection <paramref name="options"/> describe, or null when no <c>--control-plane</c> was given.</summary>
    public static ControlPlaneConnection? Create(SidecarOptions options)
    {
        if (options.ControlPlane is null) return null;
        ChannelTls? tls = null;
        if (options.ControlPlane.StartsWith("https://", StringComparison.Ordinal))
        {
            if (options.TlsCert is null || options.TlsKey is null || options.TlsCa is null)
                throw new ArgumentException("an https:// control plane needs --tls-cert, --tls-key and --tls-ca (the sidecar's mTLS identity)");
            tls = ChannelTls.FromFiles(options.TlsCert, options.TlsKey, options.TlsCa);
        }
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        return new ControlPlaneConnection(TargetChannel.Create(options.ControlPlane, tls), string.IsNullOrEmpty(token) ? null : token);
    }

    public void Dispose() => channel.Dispose();
}
