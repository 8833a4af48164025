using Greentic.Packs.Hashing;
using Greentic.Packs.Manifest;

namespace Greentic.Packs;

/// <summary>The digest checks behind <see cref="GtPack.VerifyIntegrity"/>, each failure naming the file.</summary>
internal static class PackIntegrity
{
    public static void Verify(GtPack pack)
    {
        CheckSbom(pack);
        CheckComponentManifestHashes(pack);
        CheckLockDigests(pack);
        CheckSbomBinding(pack);
    }

    /// <summary>Every file but <c>sbom.cbor</c> is listed with its size and BLAKE3; <c>manifest.cbor</c> may be left out (our older packs did).</summary>
    private static void CheckSbom(GtPack pack)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in pack.Sbom.Files)
        {
            if (!listed.Add(f.Path)) throw Fail(pack, $"{Sbom.FileName} lists '{f.Path}' twice");
            if (f.Path == Sbom.FileName) throw Fail(pack, $"{Sbom.FileName} lists itself");
            if (!pack.Archive.TryGet(f.Path, out var data)) throw Fail(pack, $"file '{f.Path}' listed in {Sbom.FileName} is missing");
            if (data.Length != f.Size)
                throw Fail(pack, $"file '{f.Path}' is {data.Length} bytes but {Sbom.FileName} says {f.Size} (modified after the pack was built)");
            if (ContentHash.Blake3Hex(data.Span) != f.HashBlake3)
                throw Fail(pack, $"file '{f.Path}' does not match its BLAKE3 hash in {Sbom.FileName} (modified after the pack was built)");
        }
        foreach (var e in pack.Archive.Entries)
            if (e.Path != Sbom.FileName && e.Path != PackManifest.FileName && !listed.Contains(e.Path))
                throw Fail(pack, $"file '{e.Path}' is not listed in {Sbom.FileName} (added after the pack was built?)");
    }

    private static void CheckComponentManifestHashes(GtPack pack)
    {
        foreach (var e in pack.ComponentManifestIndex ?? [])
        {
            if (e.ContentHash is null || !pack.Archive.TryGet(e.ManifestFile, out var bytes)) continue;
            if (!ContentHash.MatchesSha256(e.ContentHash, bytes.Span))
                throw Fail(pack, $"file '{e.ManifestFile}' does not match its content_hash {e.ContentHash} in {ComponentManifestIndex.Key}");
        }
    }

    /// <summary>A wasm the lock says was resolved to <c>sha256:…</c> must still be those bytes.</summary>
    private static void CheckLockDigests(GtPack pack)
    {
        foreach (var c in pack.Lock?.Components ?? [])
        {
            if (c.ResolvedDigest is not { } digest || !digest.StartsWith(ContentHash.Sha256Prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var path = ComponentManifest.WasmPath(c.ComponentId);
            if (!pack.Archive.TryGet(path, out var wasm)) continue;
            if (!ContentHash.MatchesSha256(digest, wasm.Span))
                throw Fail(pack, $"file '{path}' does not match its resolved_digest {digest} in {PackLock.FileName}");
        }
    }

    private static void CheckSbomBinding(GtPack pack)
    {
        if (!pack.Manifest.Extensions.TryGetValue(Sbom.BindingKey, out var binding) || binding.Digest is null) return;
        if (!string.Equals(binding.Digest, pack.Sbom.PayloadDigest(), StringComparison.OrdinalIgnoreCase))
            throw Fail(pack, $"{Sbom.FileName} does not match the digest the manifest binds ({Sbom.BindingKey}): files were replaced after signing");
    }

    private static PackVerificationException Fail(GtPack pack, string problem) => new(pack.Name, problem);
}
