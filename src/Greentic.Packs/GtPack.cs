using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Hashing;
using Greentic.Packs.Manifest;

namespace Greentic.Packs;

/// <summary>
/// An opened <c>.gtpack</c>: the archive, its decoded manifest (typed and raw), its SBOM and component manifests.
/// Opening checks structure (layout, canonical CBOR, field types); <see cref="VerifyIntegrity"/> checks that every
/// file matches the SBOM and the SBOM matches the manifest; signatures are checked by <see cref="Signing.PackSigner"/>.
/// </summary>
public sealed class GtPack
{
    private GtPack(string name, PackArchive archive, ReadOnlyMemory<byte> manifestBytes, CborMap raw, PackManifest manifest,
        Sbom sbom, IReadOnlyDictionary<string, ComponentManifest> componentManifests)
    {
        Name = name;
        Archive = archive;
        ManifestBytes = manifestBytes;
        RawManifest = raw;
        Manifest = manifest;
        Sbom = sbom;
        ComponentManifests = componentManifests;
    }

    /// <summary>The label used in errors (file name or locator).</summary>
    public string Name { get; }
    public PackArchive Archive { get; }
    public ReadOnlyMemory<byte> ManifestBytes { get; }
    /// <summary>The manifest as decoded CBOR, including fields the typed model does not know.</summary>
    public CborMap RawManifest { get; }
    public PackManifest Manifest { get; }
    public Sbom Sbom { get; }
    /// <summary>Per-component manifests from <c>components/&lt;id&gt;.manifest.cbor</c>, or the manifest's own entry when that file is absent.</summary>
    public IReadOnlyDictionary<string, ComponentManifest> ComponentManifests { get; }

    public static GtPack Open(ReadOnlyMemory<byte> zip, string name, PackReaderOptions? options = null) =>
        FromArchive(GtpackReader.Read(zip, name, options), name);

    public static GtPack OpenFile(string path, PackReaderOptions? options = null) =>
        FromArchive(GtpackReader.ReadFile(path, options), Path.GetFileName(path));

    public static GtPack FromArchive(PackArchive archive, string name)
    {
        if (!archive.TryGet(PackManifest.FileName, out var manifestBytes)) throw new PackFormatException(name, $"missing {PackManifest.FileName}");
        if (!archive.TryGet(Sbom.FileName, out var sbomBytes)) throw new PackFormatException(name, $"missing {Sbom.FileName}");
        var raw = CanonicalCbor.Decode(manifestBytes, $"{name} ({PackManifest.FileName})");
        if (raw is not CborMap rawMap) throw new PackFormatException(name, $"{PackManifest.FileName} is not a CBOR map");
        var manifest = PackManifest.FromCbor(rawMap, $"{name} ({PackManifest.FileName})");
        var sbom = Sbom.Decode(sbomBytes, name);
        var comps = new Dictionary<string, ComponentManifest>(StringComparer.Ordinal);
        foreach (var c in manifest.Components)
        {
            if (!archive.Contains(ComponentManifest.WasmPath(c.Id)))
                throw new PackFormatException(name, $"component '{c.Id}' has no {ComponentManifest.WasmPath(c.Id)}");
            var mp = ComponentManifest.ManifestPath(c.Id);
            if (archive.TryGet(mp, out var cm))
            {
                var parsed = ComponentManifest.Decode(cm, $"{name} ({mp})");
                if (parsed.Id != c.Id) throw new PackFormatException(name, $"{mp} declares id '{parsed.Id}', expected '{c.Id}'");
                comps[c.Id] = parsed;
            }
            else comps[c.Id] = c;
        }
        return new GtPack(name, archive, manifestBytes, rawMap, manifest, sbom, comps);
    }

    public ReadOnlyMemory<byte> ComponentWasm(string id) =>
        Archive.TryGet(ComponentManifest.WasmPath(id), out var d) ? d : throw new KeyNotFoundException($"{Name}: no component '{id}'");

    /// <summary>
    /// Checks that the manifest binds <c>sbom.cbor</c> (extension <c>greentic.sbom.v1</c>, digest <c>blake3:…</c>),
    /// that every SBOM entry exists with its size and BLAKE3 hash, and that no file is missing from the SBOM.
    /// </summary>
    /// <exception cref="PackVerificationException">naming the first file that does not match.</exception>
    public void VerifyIntegrity()
    {
        if (!Manifest.Extensions.TryGetValue(Sbom.BindingKey, out var binding) || binding.Digest is null)
            throw new PackVerificationException(Name, $"manifest does not bind {Sbom.FileName} (extension '{Sbom.BindingKey}' with a digest is missing)");
        var sbomHash = "blake3:" + Blake3.HashHex(Archive[Sbom.FileName].Span);
        if (!string.Equals(binding.Digest, sbomHash, StringComparison.Ordinal))
            throw new PackVerificationException(Name, $"{Sbom.FileName} does not match the digest in the manifest (replaced or modified after the manifest was written)");
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Sbom.Files)
        {
            if (!listed.Add(f.Path)) throw new PackVerificationException(Name, $"{Sbom.FileName} lists '{f.Path}' twice");
            if (!Archive.TryGet(f.Path, out var data)) throw new PackVerificationException(Name, $"file '{f.Path}' listed in {Sbom.FileName} is missing");
            if (data.Length != f.Size)
                throw new PackVerificationException(Name, $"file '{f.Path}' is {data.Length} bytes but {Sbom.FileName} says {f.Size} (replaced after signing?)");
            if (Blake3.HashHex(data.Span) != f.HashBlake3)
                throw new PackVerificationException(Name, $"file '{f.Path}' does not match its BLAKE3 hash in {Sbom.FileName} (replaced or modified after signing)");
        }
        foreach (var e in Archive.Entries)
            if (e.Path != PackManifest.FileName && e.Path != Sbom.FileName && !listed.Contains(e.Path))
                throw new PackVerificationException(Name, $"file '{e.Path}' is not listed in {Sbom.FileName} (added after signing?)");
    }
}
