using Greentic.ControlPlane.Providers;
using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Transports;

/// <summary>Calls C# providers registered in DI, in the control plane's own process. The Wasm transport will sit beside it.</summary>
public sealed class InProcProviderTransport(ProviderDispatcher dispatcher) : IProviderTransport
{
    public string Kind => "inproc";

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallOptions options) =>
        WithDeadline(options, ct => dispatcher.DescribeAsync(request, ct));

    public Task<ValidateConfigResponse> ValidateConfigAsync(ValidateConfigRequest request, CallOptions options) =>
        WithDeadline(options, ct => dispatcher.ValidateConfigAsync(request, ct));

    public Task<HealthcheckResponse> HealthcheckAsync(HealthcheckRequest request, CallOptions options) =>
        WithDeadline(options, ct => dispatcher.HealthcheckAsync(request, ct));

    public Task<InvokeResponse> InvokeAsync(InvokeRequest request, CallOptions options) =>
        WithDeadline(options, ct => dispatcher.InvokeAsync(request, ct));

    /// <summary>Applies the call's deadline as a cancellation, and reports it as DEADLINE_EXCEEDED as a remote hop would.</summary>
    private static async Task<T> WithDeadline<T>(CallOptions options, Func<CancellationToken, Task<T>> call)
    {
        if (options.Deadline is not { } deadline || deadline == DateTime.MaxValue)
            return await call(options.CancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        var remaining = deadline.ToUniversalTime() - DateTime.UtcNow;
        if (remaining <= TimeSpan.Zero) throw DeadlineExceeded();
        cts.CancelAfter(remaining);
        try
        {
            return await call(cts.Token);
        }
        catch (OperationCanceledException) when (!options.CancellationToken.IsCancellationRequested)
        {
            throw DeadlineExceeded();
        }
    }

    private static RpcException DeadlineExceeded() => new(new Status(StatusCode.DeadlineExceeded, "Deadline exceeded in the in-process provider."));
}
