using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>One entry of the component manifest index: where a component's manifest file is and its SHA-256.</summary>
public sealed record ComponentManifestIndexEntry(string ComponentId, string ManifestFile, string Encoding, string? ContentHash)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("component_id", ComponentId).Add("manifest_file", ManifestFile).Add("encoding", Encoding).Add("content_hash", ContentHash).Build();
}

/// <summary>
/// Extension <c>greentic.pack.component_manifests@v1</c>: inline <c>{schema_version: 1, entries: [{component_id,
/// manifest_file, encoding: "cbor", content_hash: "sha256:&lt;hex&gt;"}]}</c>. It ties each
/// <c>components/&lt;id&gt;.manifest.cbor</c> to the manifest by content hash, so a signed manifest covers them.
/// </summary>
public static class ComponentManifestIndex
{
    public const string Key = "greentic.pack.component_manifests@v1";

    public static ExtensionEntry Create(IEnumerable<ComponentManifestIndexEntry> entries) =>
        new(Key, "v1", Inline: new CborMapBuilder()
            .Add("schema_version", new CborInteger(1))
            .Add("entries", new CborArray(entries.Select(e => (CborValue)e.ToCbor())))
            .Build());

    /// <summary>The index entries, or null when the manifest has no index.</summary>
    public static IReadOnlyList<ComponentManifestIndexEntry>? Read(PackManifest m, string pack)
    {
        if (!m.Extensions.TryGetValue(Key, out var e)) return null;
        var path = $"extensions.{Key}.inline";
        var f = new CborFields(e.Inline ?? throw new PackFormatException(pack, $"extension '{Key}' has no inline index"), pack, path);
        var version = f.OptInt("schema_version") ?? throw f.Error("schema_version", "is required");
        if (version != 1) throw f.Error("schema_version", $"is {version}; only version 1 is understood");
        var entries = f.List("entries", (v, p) =>
        {
            var ef = new CborFields(v, pack, p);
            var encoding = ef.Text("encoding");
            if (encoding != "cbor") throw ef.Error("encoding", $"is '{encoding}'; only cbor is supported");
            var hash = ef.OptText("content_hash");
            if (hash is not null && !hash.StartsWith(Hashing.ContentHash.Sha256Prefix, StringComparison.OrdinalIgnoreCase))
                throw ef.Error("content_hash", $"'{hash}' is not sha256:<hex>");
            return new ComponentManifestIndexEntry(ef.Text("component_id"), ef.Text("manifest_file"), encoding, hash);
        });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var x in entries)
            if (!seen.Add(x.ComponentId)) throw new PackFormatException(pack, $"{path} lists component '{x.ComponentId}' twice");
        return entries;
    }
}
