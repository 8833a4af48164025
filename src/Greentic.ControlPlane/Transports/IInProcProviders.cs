using Greentic.Providers;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// Providers that run inside the control plane's process: C# providers registered in DI, and Wasm components
/// from the tenant's packs. The in-process transport asks each in turn for the provider type of a call.
/// </summary>
public interface IInProcProviders
{
    /// <summary>Whether this runtime serves <paramref name="call"/>'s provider type for its tenant.</summary>
    bool Serves(ProviderCall call);

    /// <summary>Runs the call and returns the provider's JSON result; failures are <see cref="Grpc.Core.RpcException"/>s.</summary>
    /// <param name="deadline">The call's deadline (UTC), also applied as <paramref name="cancellationToken"/>; a runtime with
    /// its own clock (Wasm epochs) uses it directly.</param>
    Task<byte[]> CallAsync(ProviderCall call, DateTime? deadline, CancellationToken cancellationToken);
}

/// <summary>The C# providers registered in DI, through the same dispatcher a sidecar host uses.</summary>
internal sealed class CSharpInProcProviders(ProviderDispatcher dispatcher) : IInProcProviders
{
    public bool Serves(ProviderCall call) => dispatcher.Serves(call.ProviderType);

    public Task<byte[]> CallAsync(ProviderCall call, DateTime? deadline, CancellationToken cancellationToken) => dispatcher.CallAsync(call, cancellationToken);
}
