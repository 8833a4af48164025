using System.Collections.Frozen;
using Greentic.Packs.Index;
using Greentic.Packs.Runtime;

namespace Greentic.ControlPlane.Distributor;

/// <summary>
/// One tenant's view of the distributor: the packs of its runtime (main pack, then overlays) and every digest it may
/// fetch (those packs and the wasm of each of their components). Built once per <see cref="TenantRuntime"/>, which is
/// immutable, so a reload simply produces a new view; digests of other tenants' packs are absent by construction.
/// </summary>
internal sealed class TenantArtifacts
{
    private readonly FrozenDictionary<string, TenantArtifact> _byDigest;
    private readonly FrozenDictionary<string, TenantArtifact[]> _byPackDigest;

    public TenantArtifacts(TenantRuntime runtime)
    {
        Runtime = runtime;
        var map = new Dictionary<string, TenantArtifact>(StringComparer.Ordinal);
        var perPack = new Dictionary<string, TenantArtifact[]>(StringComparer.Ordinal);
        foreach (var pack in runtime.Packs)
        {
            var own = new List<TenantArtifact> { new(pack.Digest, ArtifactKind.Pack, pack, null) };
            foreach (var c in pack.Pack.Manifest.Components)
                own.Add(new TenantArtifact(PackDigest.Sha256(pack.Pack.ComponentWasm(c.Id).Span), ArtifactKind.Component, pack, c.Id));
            foreach (var a in own) map.TryAdd(a.Digest, a);
            perPack[pack.Digest] = [.. own];
        }
        _byDigest = map.ToFrozenDictionary(StringComparer.Ordinal);
        _byPackDigest = perPack.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public TenantRuntime Runtime { get; }

    public TenantArtifact? Find(string digest) => _byDigest.GetValueOrDefault(digest);

    /// <summary>A pack of this tenant and the wasm of each of its components.</summary>
    public IReadOnlyList<TenantArtifact> ArtifactsOf(LoadedPack pack) => _byPackDigest.GetValueOrDefault(pack.Digest) ?? [];

    /// <summary>The tenant's pack with this id (the last in load order when an overlay repeats the main pack's id).</summary>
    public LoadedPack? FindPack(string packId) => Runtime.Packs.LastOrDefault(p => p.PackId == packId);

    /// <summary>A tag reference: <c>pack_id</c>, <c>pack_id@version</c> or <c>pack_id:version</c> (highest version when unqualified).</summary>
    public LoadedPack? FindByTag(string reference)
    {
        int at = reference.LastIndexOfAny(['@', ':']);
        var (id, version) = at > 0 ? (reference[..at], reference[(at + 1)..]) : (reference, null);
        return Runtime.Packs.Where(p => p.PackId == id && (version is null || p.Version == version))
            .OrderByDescending(p => p.Pack.Manifest.SemVersion).FirstOrDefault();
    }

    /// <summary>The tenant's packs as <c>id@version</c>, for error messages.</summary>
    public string PackList() => string.Join(", ", Runtime.Packs.Select(p => $"{p.PackId}@{p.Version}"));
}
