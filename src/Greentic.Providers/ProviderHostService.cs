using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.Providers;

/// <summary>
/// Serves providers as <c>greentic.provider.v1.ProviderService</c>: what a provider sidecar runs — C#
/// <see cref="IProvider"/>s (<see cref="ProviderDispatcher"/>) or Wasm components — through one path for the four
/// rpcs, with the caller's deadline and cancellation. Host imports use the call's own tenant context.
/// </summary>
public sealed class ProviderHostService(IProviderCalls calls) : ProviderService.ProviderServiceBase
{
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) => Serve<DescribeResponse>(request, context);
    public override Task<ValidateConfigResponse> ValidateConfig(ValidateConfigRequest request, ServerCallContext context) => Serve<ValidateConfigResponse>(request, context);
    public override Task<HealthcheckResponse> Healthcheck(HealthcheckRequest request, ServerCallContext context) => Serve<HealthcheckResponse>(request, context);
    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) => Serve<InvokeResponse>(request, context);

    private async Task<T> Serve<T>(IMessage request, ServerCallContext context) where T : IMessage
    {
        var call = ProviderMessages.ToCall(request);
        var deadline = context.Deadline == DateTime.MaxValue ? (DateTime?)null : context.Deadline.ToUniversalTime();
        var json = await calls.CallAsync(call, deadline, context.CancellationToken);
        return (T)ProviderMessages.ToResponse(call.Function, UnsafeByteOperations.UnsafeWrap(json));
    }
}
