using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Hashing;
using Greentic.Packs.Manifest;

namespace Greentic.Packs;

/// <summary>
/// Assembles a pack in upstream's layout from a manifest and contents, deterministically:
/// <list type="number">
/// <item>each component's wasm as <c>components/&lt;id&gt;.wasm</c> and its manifest as canonical CBOR in
/// <c>components/&lt;id&gt;.manifest.cbor</c>, indexed with SHA-256 content hashes in extension
/// <c>greentic.pack.component_manifests@v1</c>;</item>
/// <item>assets under <c>assets/</c>, other files (<c>fixtures/</c>, <c>schemas/</c>…) at their paths;</item>
/// <item>the SBOM of those files, bound into the manifest (<see cref="Sbom.BindingKey"/>), so a signature covers them;</item>
/// <item><c>manifest.cbor</c> (pack-v1, canonical, unsigned), then <c>sbom.cbor</c> listing every file including it.</item>
/// </list>
/// </summary>
public static class PackAssembler
{
    public static PackArchive Assemble(PackManifest manifest, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> componentWasm,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? assets = null, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? files = null)
    {
        var all = new SortedDictionary<string, ReadOnlyMemory<byte>>(Comparer<string>.Create(PackPaths.Compare));
        void Add(string path, ReadOnlyMemory<byte> data, string what)
        {
            var problem = PackPaths.Validate(path, 1024);
            if (problem is not null) throw new ArgumentException($"{what} '{path}': {problem}");
            if (path is PackManifest.FileName or Sbom.FileName) throw new ArgumentException($"{what} '{path}': written by the assembler");
            if (!all.TryAdd(path, data)) throw new ArgumentException($"{what} '{path}': given twice");
        }

        var index = new List<ComponentManifestIndexEntry>();
        foreach (var c in manifest.Components)
        {
            if (!componentWasm.TryGetValue(c.Id, out var wasm)) throw new ArgumentException($"no wasm for component '{c.Id}'");
            var cm = CanonicalCbor.Encode(c.ToCbor());
            Add(ComponentManifest.WasmPath(c.Id), wasm, "component");
            Add(ComponentManifest.ManifestPath(c.Id), cm, "component manifest");
            index.Add(new ComponentManifestIndexEntry(c.Id, ComponentManifest.ManifestPath(c.Id), "cbor", ContentHash.Sha256(cm)));
        }
        foreach (var id in componentWasm.Keys)
            if (manifest.Components.All(c => c.Id != id)) throw new ArgumentException($"wasm given for unknown component '{id}'");
        foreach (var (path, data) in assets ?? new Dictionary<string, ReadOnlyMemory<byte>>())
            Add(path.StartsWith("assets/", StringComparison.Ordinal) ? path : "assets/" + path, data, "asset");
        foreach (var (path, data) in files ?? new Dictionary<string, ReadOnlyMemory<byte>>()) Add(path, data, "file");

        var payload = new Sbom(all.Select(kv => Sbom.Entry(kv.Key, kv.Value.Span)).ToArray());
        var extensions = new Dictionary<string, ExtensionEntry>(manifest.Extensions, StringComparer.Ordinal)
        {
            [ComponentManifestIndex.Key] = ComponentManifestIndex.Create(index),
            [Sbom.BindingKey] = payload.Binding(),
        };
        var manifestBytes = (manifest with { Extensions = extensions, Signatures = [] }).Encode();
        all[PackManifest.FileName] = manifestBytes;
        var sbom = new Sbom(all.Select(kv => Sbom.Entry(kv.Key, kv.Value.Span)).ToArray());
        all[Sbom.FileName] = sbom.Encode();
        return new PackArchive(all.Select(kv => new PackEntry(kv.Key, kv.Value)));
    }
}
