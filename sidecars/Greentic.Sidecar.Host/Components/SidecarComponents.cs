using Greentic.ComponentHost;
using Greentic.Providers;
using Greentic.Providers.Components;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// The sidecar's provider calls when it hosts Wasm components: each call finds its component by provider type
/// (NOT_FOUND otherwise, as for C# providers) and runs through the same adapter the control plane uses in process
/// (<see cref="ComponentProviderCall"/>), with host imports that call back into the control plane.
/// </summary>
internal sealed class SidecarComponents(IReadOnlyList<HostedComponent> components, ComponentCallbacks callbacks, HostCapabilities grants)
    : IProviderCalls, IDisposable
{
    private readonly Dictionary<string, HostedComponent> byType = components.ToDictionary(c => c.ProviderType, StringComparer.Ordinal);

    public Task<byte[]> CallAsync(ProviderCall call, DateTime? deadline, CancellationToken cancellationToken)
    {
        if (!byType.TryGetValue(call.ProviderType, out var hosted))
            throw new RpcException(new Status(StatusCode.NotFound, $"provider '{call.ProviderType}' is not served here"));
        if (hosted.LoadFailure is { } failure) throw ComponentStatus.ToRpc(failure, hosted.DescribedAs);
        return ComponentProviderCall.RunAsync(hosted.Component!, call, callbacks.For(call.Ctx, grants), deadline, hosted.DescribedAs, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var hosted in components) hosted.Component?.Dispose();
    }
}
