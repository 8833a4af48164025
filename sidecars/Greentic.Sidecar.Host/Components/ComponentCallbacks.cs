using Greentic.ComponentHost;
using Greentic.Providers.Components;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// The host imports of one component call in this sidecar: secrets, state and HTTP through the control plane with
/// the call's tenant context, telemetry and guest output to this sidecar's log. Without a control plane
/// (<c>--control-plane</c> omitted) secrets are an internal error and state and HTTP are unavailable.
/// </summary>
internal sealed class ComponentCallbacks(ControlPlaneConnection? connection, ILoggerFactory loggers)
{
    private readonly ILogger guestLog = loggers.CreateLogger("Greentic.Components");

    public ComponentImports For(TenantCtx ctx, HostCapabilities grants)
    {
        var state = grants.HasFlag(HostCapabilities.StateRead) ? (IStateAccess)(connection is null ? NoControlPlane.Instance : new CallbackState(connection, ctx)) : null;
        return connection is null
            ? new ComponentImports(NoControlPlane.Instance, state, NoControlPlane.Instance, guestLog)
            : new ComponentImports(new CallbackSecrets(connection, ctx), state, new CallbackEgress(connection, ctx), guestLog);
    }

    private sealed class NoControlPlane : ISecretsAccess, IStateAccess, IHttpEgress
    {
        public static readonly NoControlPlane Instance = new();
        private const string Message = "this sidecar has no control plane to call back (start it with --control-plane)";

        public ValueTask<SecretLookup> GetAsync(string key, CancellationToken cancellationToken) => new(SecretLookup.Internal);
        public ValueTask<ReadOnlyMemory<byte>?> ReadAsync(string key, CancellationToken cancellationToken) => throw Unavailable();
        public ValueTask WriteAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => throw Unavailable();
        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken) => throw Unavailable();
        public ValueTask<HttpEgressResponse> SendAsync(HttpEgressRequest request, CancellationToken cancellationToken) => throw Unavailable();

        private static HostCallException Unavailable() => new(HostErrorCodes.Unavailable, Message);
    }
}
