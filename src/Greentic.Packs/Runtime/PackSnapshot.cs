using System.Collections.Immutable;
using Greentic.Packs.Index;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Runtime;

/// <summary>A resolved, verified and cached pack.</summary>
public sealed record LoadedPack(PackIndexEntry Entry, string Digest, GtPack Pack, SignatureSummary Signature, string? CachePath)
{
    public string PackId => Pack.Manifest.PackId;
    public string Version => Pack.Manifest.Version;
}

/// <summary>A component as a tenant sees it: from the last pack (in load order) that defines its id.</summary>
public sealed record ResolvedComponent(string Id, ComponentManifest Manifest, ReadOnlyMemory<byte> Wasm, LoadedPack Source);

/// <summary>A flow as a tenant sees it: from the last pack (in load order) that defines its id.</summary>
public sealed record ResolvedFlow(string Id, FlowEntry Flow, LoadedPack Source);

/// <summary>A provider as a tenant sees it: from the last pack that declares its provider_type.</summary>
public sealed record ResolvedProvider(ProviderDecl Provider, LoadedPack Source);

/// <summary>One tenant's runtime: main pack, overlays in order, and the merged views (a later pack wins on the same id).</summary>
public sealed record TenantRuntime(
    string Tenant,
    LoadedPack Main,
    ImmutableArray<LoadedPack> Overlays,
    ImmutableDictionary<string, ResolvedFlow> Flows,
    ImmutableDictionary<string, ResolvedComponent> Components,
    ImmutableDictionary<string, ResolvedProvider> Providers)
{
    public IEnumerable<LoadedPack> Packs => Overlays.Prepend(Main);

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
            foreach (var d in ProviderExtension.Read(p.Pack.Manifest, p.Pack.Name)) providers[d.ProviderType] = new ResolvedProvider(d, p);
        }
        return new TenantRuntime(tenant, main, [.. overlays], flows.ToImmutable(), comps.ToImmutable(), providers.ToImmutable());
    }
}

/// <summary>Every tenant's runtime, immutable, replaced as a whole on each successful reload.</summary>
public sealed record PackRuntimeSnapshot(ImmutableDictionary<string, TenantRuntime> Tenants, string? IndexDigest, DateTimeOffset? LoadedAt)
{
    public static readonly PackRuntimeSnapshot Empty = new(ImmutableDictionary<string, TenantRuntime>.Empty, null, null);

    public TenantRuntime? this[string tenant] => Tenants.GetValueOrDefault(tenant);

    /// <summary>Every loaded pack, across tenants, by digest.</summary>
    public IEnumerable<LoadedPack> AllPacks => Tenants.Values.SelectMany(t => t.Packs).DistinctBy(p => p.Digest);
}

/// <summary>Status of one overlay or main pack, for the admin endpoint.</summary>
public sealed record PackRef(string PackId, string Version, string Digest);

public sealed record TenantStatus(string Tenant, string PackId, string Version, string Digest, IReadOnlyList<PackRef> Overlays);

/// <summary><c>GET /admin/packs/status</c>: tenants, last_reload (last attempt), last_error (null after a success).</summary>
public sealed record PackStatus(IReadOnlyList<TenantStatus> Tenants, DateTimeOffset? LastReload, DateTimeOffset? LastSuccess, string? LastError, IReadOnlyList<string> Warnings)
{
    /// <summary>The admin JSON (CONTRACTS.md §3): <c>{tenants: [{tenant, pack_id, version, digest, overlays}], last_reload, last_error}</c>
    /// with overlays as <c>[{pack_id, version, digest}]</c> and times in ISO-8601 UTC.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson()
    {
        static string? Iso(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new System.Text.Json.Nodes.JsonObject
        {
            ["tenants"] = new System.Text.Json.Nodes.JsonArray(Tenants.Select(t => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["tenant"] = t.Tenant, ["pack_id"] = t.PackId, ["version"] = t.Version, ["digest"] = t.Digest,
                ["overlays"] = new System.Text.Json.Nodes.JsonArray(t.Overlays.Select(o => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                {
                    ["pack_id"] = o.PackId, ["version"] = o.Version, ["digest"] = o.Digest,
                }).ToArray()),
            }).ToArray()),
            ["last_reload"] = Iso(LastReload),
            ["last_success"] = Iso(LastSuccess),
            ["last_error"] = LastError,
            ["warnings"] = new System.Text.Json.Nodes.JsonArray(Warnings.Select(w => (System.Text.Json.Nodes.JsonNode)w!).ToArray()),
        };
    }
}

/// <summary>The outcome of one reload.</summary>
public sealed record ReloadResult(bool Success, string? Error, IReadOnlyList<string> Warnings, PackRuntimeSnapshot Snapshot);
