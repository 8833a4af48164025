using System.Collections.Immutable;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Runtime;

/// <summary>A component as a tenant sees it: from the last pack (in load order) that defines its id.</summary>
public sealed record ResolvedComponent(string Id, ComponentManifest Manifest, ReadOnlyMemory<byte> Wasm, LoadedPack Source)
{
    /// <summary><c>sha256:&lt;hex&gt;</c> of <see cref="Wasm"/> (computed once per pack).</summary>
    public string Digest => Source.Pack.ComponentDigest(Id);
}

/// <summary>A flow as a tenant sees it: from the last pack (in load order) that defines its id.</summary>
public sealed record ResolvedFlow(string Id, FlowEntry Flow, LoadedPack Source);

/// <summary>A provider as a tenant sees it: from the last pack that declares its provider_type.</summary>
public sealed record ResolvedProvider(ProviderDecl Provider, LoadedPack Source);

/// <summary>
/// One tenant's runtime: main pack, overlays in order, and the merged views (a later pack wins on the same flow id,
/// component id or provider_type). A provider runs the component its <c>runtime.component_ref</c> names in the merged
/// view, so an overlay that ships a newer component of the same id replaces it for every provider.
/// </summary>
public sealed record TenantRuntime(
    string Tenant,
    LoadedPack Main,
    ImmutableArray<LoadedPack> Overlays,
    ImmutableDictionary<string, ResolvedFlow> Flows,
    ImmutableDictionary<string, ResolvedComponent> Components,
    ImmutableDictionary<string, ResolvedProvider> Providers)
{
    private ImmutableDictionary<string, ProviderComponent> _providerComponents = ImmutableDictionary<string, ProviderComponent>.Empty;

    public IEnumerable<LoadedPack> Packs => Overlays.Prepend(Main);

    /// <summary>Every provider_type the tenant's packs declare, in ordinal order.</summary>
    public IReadOnlyList<string> ProviderTypes { get; private init; } = [];

    /// <summary>
    /// The component that implements <paramref name="providerType"/> for this tenant: its wasm and digest, the
    /// export and world to call, the capabilities its manifest grants and the pack's secret requirements.
    /// Null when no pack of the tenant declares that provider.
    /// </summary>
    public ProviderComponent? ResolveProvider(string providerType) => _providerComponents.GetValueOrDefault(providerType);

    public static TenantRuntime Build(string tenant, LoadedPack main, IReadOnlyList<LoadedPack> overlays)
    {
        var flows = ImmutableDictionary.CreateBuilder<string, ResolvedFlow>(StringComparer.Ordinal);
        var comps = ImmutableDictionary.CreateBuilder<string, ResolvedComponent>(StringComparer.Ordinal);
        var providers = ImmutableDictionary.CreateBuilder<string, ResolvedProvider>(StringComparer.Ordinal);
        foreach (var p in overlays.Prepend(main))
        {
            foreach (var f in p.Pack.Manifest.Flows) flows[f.Id] = new ResolvedFlow(f.Id, f, p);
            foreach (var c in p.Pack.Manifest.Components)
                comps[c.Id] = new ResolvedComponent(c.Id, p.Pack.ComponentManifests[c.Id], p.Pack.ComponentWasm(c.Id), p);
            foreach (var d in p.Pack.Providers) providers[d.ProviderType] = new ResolvedProvider(d, p);
        }
        // Each pack's providers name components of that pack (checked on open), and later packs only replace
        // components, so every provider resolves.
        var providerComponents = providers.ToImmutable().ToImmutableDictionary(kv => kv.Key,
            kv => ProviderComponent.Create(kv.Value, comps[kv.Value.Provider.Runtime.ComponentRef]), StringComparer.Ordinal);
        return new TenantRuntime(tenant, main, [.. overlays], flows.ToImmutable(), comps.ToImmutable(), providers.ToImmutable())
        {
            _providerComponents = providerComponents,
            ProviderTypes = providerComponents.Keys.Order(StringComparer.Ordinal).ToArray(),
        };
    }
}
