using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// One way to reach a provider: in-process, a sidecar, or a remote gateway. Every transport speaks the
/// ProviderService contract, so routing can swap one for another per tenant and capability.
/// Failures are <see cref="RpcException"/>s with the status the caller should see.
/// </summary>
public interface IProviderTransport
{
    /// <summary>Which kind of transport this is, for telemetry tags: <c>inproc</c>, <c>sidecar</c> or <c>remote</c>.</summary>
    string Kind { get; }

    Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallOptions options);
    Task<ValidateConfigResponse> ValidateConfigAsync(ValidateConfigRequest request, CallOptions options);
    Task<HealthcheckResponse> HealthcheckAsync(HealthcheckRequest request, CallOptions options);
    Task<InvokeResponse> InvokeAsync(InvokeRequest request, CallOptions options);
}
