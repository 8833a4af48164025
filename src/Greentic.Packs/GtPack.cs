using System.Collections.Concurrent;
using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Fixtures;
using Greentic.Packs.Hashing;
using Greentic.Packs.Manifest;

namespace Greentic.Packs;

/// <summary>
/// An opened <c>.gtpack</c>: the archive and what it declares, decoded. Opening checks structure: a safe ZIP,
/// <c>manifest.cbor</c> and <c>sbom.cbor</c> well formed, a wasm for every component, component manifests
/// (from the <c>greentic.pack.component_manifests@v1</c> index, else <c>components/&lt;id&gt;.manifest.cbor</c>,
/// else the manifest's own entry), providers that name components of this pack, a readable <c>pack.lock.cbor</c>.
/// <see cref="VerifyIntegrity"/> checks the digests; <see cref="Signing.PackSigner"/> checks signatures.
/// </summary>
public sealed class GtPack
{
    private readonly ConcurrentDictionary<string, string> _digests = new(StringComparer.Ordinal);

    private GtPack(string name, PackArchive archive, ReadOnlyMemory<byte> manifestBytes, CborMap raw, PackManifest manifest, Sbom sbom,
        IReadOnlyDictionary<string, ComponentManifest> componentManifests, IReadOnlyList<ComponentManifestIndexEntry>? index,
        PackLock? packLock, IReadOnlyList<ProviderDecl> providers)
    {
        Name = name;
        Archive = archive;
        ManifestBytes = manifestBytes;
        RawManifest = raw;
        Manifest = manifest;
        Sbom = sbom;
        ComponentManifests = componentManifests;
        ComponentManifestIndex = index;
        Lock = packLock;
        Providers = providers;
        Fixtures = PackFixture.List(archive, name);
    }

    /// <summary>The label used in errors (file name or locator).</summary>
    public string Name { get; }
    public PackArchive Archive { get; }
    public ReadOnlyMemory<byte> ManifestBytes { get; }
    /// <summary>The manifest as decoded CBOR (symbol indexes unresolved), including fields the typed model does not know.</summary>
    public CborMap RawManifest { get; }
    public PackManifest Manifest { get; }
    public Sbom Sbom { get; }
    /// <summary>Per-component manifests: the file the index names (or <c>components/&lt;id&gt;.manifest.cbor</c>), else the manifest's entry.</summary>
    public IReadOnlyDictionary<string, ComponentManifest> ComponentManifests { get; }
    /// <summary>The <c>greentic.pack.component_manifests@v1</c> entries, or null when the manifest has none.</summary>
    public IReadOnlyList<ComponentManifestIndexEntry>? ComponentManifestIndex { get; }
    /// <summary><c>pack.lock.cbor</c>, when the pack has one.</summary>
    public PackLock? Lock { get; }
    /// <summary>The providers of <c>greentic.provider-extension.v1</c> (or the legacy key); each runs a component of this pack.</summary>
    public IReadOnlyList<ProviderDecl> Providers { get; }
    /// <summary><c>fixtures/**.json</c>: recorded requests and expected results for the pack's components.</summary>
    public IReadOnlyList<PackFixture> Fixtures { get; }
    /// <summary>Whether the manifest signs and binds the SBOM payload (extension <c>greentic.sbom.v1</c>), so a signature covers every file.</summary>
    public bool ManifestBindsFiles => Manifest.Extensions.TryGetValue(Sbom.BindingKey, out var b) && b.Digest is not null;

    public static GtPack Open(ReadOnlyMemory<byte> zip, string name, PackReaderOptions? options = null) =>
        FromArchive(GtpackReader.Read(zip, name, options), name);

    public static GtPack OpenFile(string path, PackReaderOptions? options = null) =>
        FromArchive(GtpackReader.ReadFile(path, options), Path.GetFileName(path));

    public static GtPack FromArchive(PackArchive archive, string name)
    {
        if (!archive.TryGet(PackManifest.FileName, out var manifestBytes)) throw new PackFormatException(name, $"missing {PackManifest.FileName}");
        if (!archive.TryGet(Sbom.FileName, out var sbomBytes)) throw new PackFormatException(name, $"missing {Sbom.FileName}");
        var what = $"{name} ({PackManifest.FileName})";
        var raw = CborDecoder.Decode(manifestBytes, what) as CborMap ?? throw new PackFormatException(name, $"{PackManifest.FileName} is not a CBOR map");
        var manifest = PackManifest.FromCbor(raw, what);
        var sbom = Sbom.Decode(sbomBytes, name);
        foreach (var c in manifest.Components)
            if (!archive.Contains(ComponentManifest.WasmPath(c.Id)))
                throw new PackFormatException(name, $"component '{c.Id}' has no {ComponentManifest.WasmPath(c.Id)}");
        var index = Greentic.Packs.Manifest.ComponentManifestIndex.Read(manifest, what);
        var components = ComponentManifestFiles.Load(archive, manifest, index, name);
        var packLock = archive.TryGet(PackLock.FileName, out var lockBytes) ? PackLock.Decode(lockBytes, name) : null;
        var providers = ProviderExtension.Read(manifest, what);
        foreach (var p in providers)
            if (!components.ContainsKey(p.Runtime.ComponentRef))
                throw new PackFormatException(name, $"provider '{p.ProviderType}' runs component '{p.Runtime.ComponentRef}', which the pack does not contain");
        return new GtPack(name, archive, manifestBytes, raw, manifest, sbom, components, index, packLock, providers);
    }

    /// <summary>The fixture named <paramref name="name"/> (its path under <c>fixtures/</c> without <c>.json</c>), or null.</summary>
    public PackFixture? Fixture(string name) => Fixtures.FirstOrDefault(f => f.Name == name);

    public ReadOnlyMemory<byte> ComponentWasm(string id) =>
        Archive.TryGet(ComponentManifest.WasmPath(id), out var d) ? d : throw new KeyNotFoundException($"{Name}: no component '{id}'");

    /// <summary><c>sha256:&lt;hex&gt;</c> of the component's wasm (computed once).</summary>
    public string ComponentDigest(string id) => _digests.GetOrAdd(id, static (i, p) => ContentHash.Sha256(p.ComponentWasm(i).Span), this);

    /// <summary>
    /// Checks every digest the pack carries: each file against <c>sbom.cbor</c> (size and BLAKE3, nothing missing,
    /// nothing unlisted), each component manifest file against its content hash in the manifest, each bundled wasm
    /// against <c>resolved_digest</c> in <c>pack.lock.cbor</c>, and the SBOM against the manifest's binding when present.
    /// </summary>
    /// <exception cref="PackVerificationException">naming the first file that does not match.</exception>
    public void VerifyIntegrity() => PackIntegrity.Verify(this);
}
