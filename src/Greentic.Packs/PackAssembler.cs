using Greentic.Packs.Archive;
using Greentic.Packs.Hashing;
using Greentic.Packs.Manifest;

namespace Greentic.Packs;

/// <summary>
/// Assembles pack files from a manifest and contents: writes <c>components/&lt;id&gt;.wasm</c> and
/// <c>components/&lt;id&gt;.manifest.cbor</c> for each component, copies assets under <c>assets/</c>, computes
/// <c>sbom.cbor</c> over every file, binds it in the manifest, and encodes <c>manifest.cbor</c> (unsigned).
/// </summary>
public static class PackAssembler
{
    public static PackArchive Assemble(PackManifest manifest, IReadOnlyDictionary<string, ReadOnlyMemory<byte>> componentWasm,
        IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? assets = null)
    {
        var files = new SortedDictionary<string, ReadOnlyMemory<byte>>(Comparer<string>.Create(PackPaths.Compare));
        foreach (var c in manifest.Components)
        {
            if (!componentWasm.TryGetValue(c.Id, out var wasm)) throw new ArgumentException($"no wasm for component '{c.Id}'");
            files[ComponentManifest.WasmPath(c.Id)] = wasm;
            files[ComponentManifest.ManifestPath(c.Id)] = Cbor.CanonicalCbor.Encode(c.ToCbor());
        }
        foreach (var id in componentWasm.Keys)
            if (manifest.Components.All(c => c.Id != id)) throw new ArgumentException($"wasm given for unknown component '{id}'");
        if (assets is not null)
            foreach (var (path, data) in assets)
            {
                var full = path.StartsWith("assets/", StringComparison.Ordinal) ? path : "assets/" + path;
                var problem = PackPaths.Validate(full, 1024);
                if (problem is not null) throw new ArgumentException($"asset '{path}': {problem}");
                files[full] = data;
            }
        var sbom = new Sbom(files.Select(kv => new SbomFile(kv.Key, kv.Value.Length, Blake3.HashHex(kv.Value.Span), Sbom.MediaTypeFor(kv.Key))).ToArray());
        var sbomBytes = sbom.Encode();
        var ext = new Dictionary<string, ExtensionEntry>(manifest.Extensions, StringComparer.Ordinal) { [Sbom.BindingKey] = Sbom.Binding(sbomBytes) };
        var finalManifest = manifest with { Extensions = ext, Signatures = [] };
        files[Sbom.FileName] = sbomBytes;
        files[PackManifest.FileName] = finalManifest.Encode();
        return new PackArchive(files.Select(kv => new PackEntry(kv.Key, kv.Value)));
    }
}
