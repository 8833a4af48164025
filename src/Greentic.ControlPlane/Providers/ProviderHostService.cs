using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Providers;

/// <summary>
/// Serves C# <see cref="IProvider"/>s as <c>greentic.provider.v1.ProviderService</c>: what a provider
/// sidecar runs. Host imports use the call's own tenant context.
/// </summary>
public sealed class ProviderHostService(ProviderDispatcher dispatcher) : ProviderService.ProviderServiceBase
{
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context) =>
        dispatcher.DescribeAsync(request, context.CancellationToken);

    public override Task<ValidateConfigResponse> ValidateConfig(ValidateConfigRequest request, ServerCallContext context) =>
        dispatcher.ValidateConfigAsync(request, context.CancellationToken);

    public override Task<HealthcheckResponse> Healthcheck(HealthcheckRequest request, ServerCallContext context) =>
        dispatcher.HealthcheckAsync(request, context.CancellationToken);

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) =>
        dispatcher.InvokeAsync(request, context.CancellationToken);
}
