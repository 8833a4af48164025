using System.Collections.Immutable;
using Greentic.Packs.Index;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Runtime;

/// <summary>A resolved, verified and cached pack.</summary>
public sealed record LoadedPack(PackIndexEntry Entry, string Digest, GtPack Pack, SignatureSummary Signature, string? CachePath)
{
    public string PackId => Pack.Manifest.PackId;
    public string Version => Pack.Manifest.Version;
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
