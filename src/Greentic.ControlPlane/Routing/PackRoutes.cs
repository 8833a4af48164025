using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Greentic.Packs.Runtime;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// The default route of every provider a tenant's packs declare: in-process, to the component that implements it,
/// with the resilience defaults and a secrets allow-list of the pack's declared secret requirements. Used only when
/// no rule of the routing policy matches the call, so any rule overrides it. Rules are built once per pack snapshot.
/// </summary>
public sealed class PackRoutes(PackRuntimeManager packs, IOptionsMonitor<SecretsOptions> secrets)
{
    private readonly ConditionalWeakTable<TenantRuntime, ConcurrentDictionary<string, RouteRule>> _rules = new();

    /// <summary>The default rule for <paramref name="providerType"/> in <paramref name="tenant"/>'s packs, or null when none declares it.</summary>
    public RouteRule? For(TenantContext tenant, string providerType) => For(tenant.Tenant, providerType);

    /// <summary>Every default rule of <paramref name="tenant"/> (all tenants when null), for listings.</summary>
    public IEnumerable<RouteRule> All(string? tenant) =>
        packs.Current.Tenants.Values.Where(t => tenant is null || t.Tenant == tenant)
            .SelectMany(t => t.ProviderTypes.Select(type => For(t.Tenant, type)!));

    private RouteRule? For(string tenant, string providerType)
    {
        if (packs.Current[tenant] is not { } runtime || runtime.ResolveProvider(providerType) is not { } provider) return null;
        return _rules.GetOrCreateValue(runtime).GetOrAdd(providerType, _ => Create(runtime.Tenant, provider));
    }

    private RouteRule Create(string tenant, ProviderComponent provider)
    {
        var category = secrets.CurrentValue.DefaultCategory;
        var allowed = provider.SecretRequirements.Select(r => r.Key.Contains('/') ? r.Key : $"{category}/{r.Key}");
        var binding = new RouteBinding(RouteTransport.InProc, provider.ProviderType, ResilienceDefaults.Timeout, ResilienceDefaults.Retry, null,
            SecretsAllowList.TryParse(allowed, out _) ?? SecretsAllowList.None);
        var pack = provider.ProviderPack;
        return new RouteRule($"pack:{pack.PackId}/{provider.ProviderType}", new RouteCriteria(Tenant: tenant, ProviderType: provider.ProviderType),
            binding, new PolicySource($"pack {pack.PackId} {pack.Version} ({pack.Digest})", 0));
    }
}
