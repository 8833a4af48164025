using System.Text.Json;
using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.Rpc;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Providers;

/// <summary>
/// Runs ProviderService requests against a set of C# <see cref="IProvider"/>s. Shared by the sidecar
/// host (<see cref="ProviderHostService"/>) and the in-process transport, so both map errors alike:
/// an unknown provider is NOT_FOUND, bad input JSON INVALID_ARGUMENT, a missing host UNAVAILABLE.
/// </summary>
public sealed class ProviderDispatcher(IEnumerable<IProvider> providers, IProviderHostFactory hosts)
{
    private readonly Dictionary<string, IProvider> _providers = providers.ToDictionary(p => p.ProviderType, StringComparer.Ordinal);

    public IReadOnlyCollection<string> ProviderTypes => _providers.Keys;

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new DescribeResponse { DescribeJson = ByteString.CopyFrom(Find(request.ProviderType).Describe()) });

    public Task<ValidateConfigResponse> ValidateConfigAsync(ValidateConfigRequest request, CancellationToken cancellationToken) =>
        Run(request.ProviderType, request.Ctx, cancellationToken,
            async (p, ctx) => new ValidateConfigResponse { ResultJson = ByteString.CopyFrom(await p.ValidateConfigAsync(request.ConfigJson.Memory, ctx)) });

    public Task<HealthcheckResponse> HealthcheckAsync(HealthcheckRequest request, CancellationToken cancellationToken) =>
        Run(request.ProviderType, request.Ctx, cancellationToken,
            async (p, ctx) => new HealthcheckResponse { HealthJson = ByteString.CopyFrom(await p.HealthcheckAsync(ctx)) });

    public Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken) =>
        Run(request.ProviderType, request.Ctx, cancellationToken,
            async (p, ctx) => new InvokeResponse { OutputJson = ByteString.CopyFrom(await p.InvokeAsync(request.Op, request.InputJson.Memory, ctx)) });

    private async Task<T> Run<T>(string providerType, TenantCtx? tenant, CancellationToken cancellationToken,
        Func<IProvider, ProviderCallContext, Task<T>> call)
    {
        var provider = Find(providerType);
        tenant ??= new TenantCtx();
        try
        {
            return await call(provider, new ProviderCallContext(tenant, hosts.ForTenant(tenant), cancellationToken));
        }
        catch (JsonException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"input is not valid JSON: {e.Message}"));
        }
        catch (ProviderHostUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }

    private IProvider Find(string providerType) =>
        _providers.TryGetValue(providerType, out var provider)
            ? provider
            : throw new RpcException(new Status(StatusCode.NotFound, $"provider '{providerType}' is not served here"));
}
