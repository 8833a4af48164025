using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;

namespace Greentic.Packs;

/// <summary>Finds and decodes each component's stand-alone manifest file, and checks it agrees with the manifest's entry.</summary>
internal static class ComponentManifestFiles
{
    public static IReadOnlyDictionary<string, ComponentManifest> Load(PackArchive archive, PackManifest manifest,
        IReadOnlyList<ComponentManifestIndexEntry>? index, string pack)
    {
        var embedded = manifest.Components.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, ComponentManifest>(embedded, StringComparer.Ordinal);
        var files = index?.Select(e => (e.ComponentId, e.ManifestFile, Listed: true))
            ?? manifest.Components.Select(c => (ComponentId: c.Id, ManifestFile: ComponentManifest.ManifestPath(c.Id), Listed: false));
        foreach (var (id, file, listed) in files)
        {
            if (!archive.TryGet(file, out var bytes))
            {
                if (listed) throw new PackFormatException(pack, $"{file}, listed in {ComponentManifestIndex.Key}, is missing");
                continue;
            }
            if (!embedded.TryGetValue(id, out var inline))
                throw new PackFormatException(pack, $"{file} describes component '{id}', which the manifest does not list");
            var parsed = ComponentManifest.Decode(bytes, $"{pack} ({file})");
            if (parsed.Id != id) throw new PackFormatException(pack, $"{file} declares id '{parsed.Id}', expected '{id}'");
            if (!Same(parsed, inline))
                throw new PackFormatException(pack, $"{file} differs from component '{id}' in {PackManifest.FileName} (version, world, capabilities or operations)");
            result[id] = parsed;
        }
        return result;
    }

    /// <summary>Equal up to what upstream's encoders leave out (empty <c>dev_flows</c>, null optionals).</summary>
    private static bool Same(ComponentManifest a, ComponentManifest b) =>
        CanonicalCbor.Encode(Normalized(a).ToCbor()).AsSpan().SequenceEqual(CanonicalCbor.Encode(Normalized(b).ToCbor()));

    private static ComponentManifest Normalized(ComponentManifest c) => c with
    {
        DevFlows = c.DevFlows is CborMap { Entries.Length: 0 } ? null : c.DevFlows,
        Resources = c.Resources ?? CborMap.Empty,
    };
}
