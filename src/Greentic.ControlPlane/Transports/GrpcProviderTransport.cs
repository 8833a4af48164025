using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// Reaches a provider over gRPC: a sidecar (Unix socket or loopback h2c) or a remote gateway (mutual TLS).
/// The channel decides which; this class only forwards the calls.
/// </summary>
public sealed class GrpcProviderTransport(string kind, ChannelBase channel) : IProviderTransport
{
    private readonly ProviderService.ProviderServiceClient _client = new(channel);

    public string Kind { get; } = kind;

    public async Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallOptions options) =>
        await _client.DescribeAsync(request, options);

    public async Task<ValidateConfigResponse> ValidateConfigAsync(ValidateConfigRequest request, CallOptions options) =>
        await _client.ValidateConfigAsync(request, options);

    public async Task<HealthcheckResponse> HealthcheckAsync(HealthcheckRequest request, CallOptions options) =>
        await _client.HealthcheckAsync(request, options);

    public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, CallOptions options) =>
        await _client.InvokeAsync(request, options);
}
