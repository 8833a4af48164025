namespace Greentic.Providers;

/// <summary>
/// Runs provider calls in any of the contract's four functions: what <see cref="ProviderHostService"/> serves over
/// gRPC. <see cref="ProviderDispatcher"/> runs C# providers; a sidecar hosting Wasm components runs them on the
/// component host. Failures are <see cref="Grpc.Core.RpcException"/>s.
/// </summary>
public interface IProviderCalls
{
    /// <param name="deadline">The call's deadline (UTC), also applied as <paramref name="cancellationToken"/>; a runtime
    /// with its own clock (Wasm epochs) enforces it directly.</param>
    Task<byte[]> CallAsync(ProviderCall call, DateTime? deadline, CancellationToken cancellationToken);
}
