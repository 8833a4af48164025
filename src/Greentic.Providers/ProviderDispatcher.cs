using System.Text.Json;
using Grpc.Core;

namespace Greentic.Providers;

/// <summary>
/// Runs provider calls against a set of C# <see cref="IProvider"/>s. Shared by the sidecar host
/// (<see cref="ProviderHostService"/>) and the control plane's in-process transport, so both map errors alike:
/// an unknown provider is NOT_FOUND, bad input JSON INVALID_ARGUMENT, a missing host UNAVAILABLE.
/// </summary>
public sealed class ProviderDispatcher(IEnumerable<IProvider> providers, IProviderHostFactory hosts) : IProviderCalls
{
    private readonly Dictionary<string, IProvider> _providers = providers.ToDictionary(p => p.ProviderType, StringComparer.Ordinal);

    public IReadOnlyCollection<string> ProviderTypes => _providers.Keys;

    public bool Serves(string providerType) => _providers.ContainsKey(providerType);

    /// <summary>C# providers observe the deadline through <paramref name="cancellationToken"/>.</summary>
    Task<byte[]> IProviderCalls.CallAsync(ProviderCall call, DateTime? deadline, CancellationToken cancellationToken) =>
        CallAsync(call, cancellationToken);

    /// <summary>Runs <paramref name="call"/> and returns the provider's JSON result.</summary>
    public async Task<byte[]> CallAsync(ProviderCall call, CancellationToken cancellationToken)
    {
        var provider = _providers.TryGetValue(call.ProviderType, out var p)
            ? p
            : throw new RpcException(new Status(StatusCode.NotFound, $"provider '{call.ProviderType}' is not served here"));
        var context = new ProviderCallContext(call.Ctx, hosts.ForTenant(call.Ctx), cancellationToken);
        try
        {
            return call.Function switch
            {
                ProviderFunction.Describe => provider.Describe(),
                ProviderFunction.ValidateConfig => await provider.ValidateConfigAsync(call.Json, context),
                ProviderFunction.Healthcheck => await provider.HealthcheckAsync(context),
                _ => await provider.InvokeAsync(call.Op, call.Json, context),
            };
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
}
