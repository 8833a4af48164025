using Greentic.Packs.Archive;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Signing;

/// <summary>The outcome of checking a pack's manifest signatures.</summary>
/// <param name="Verified">True when a signature from a trusted key verified.</param>
/// <param name="Signer">The key id of the signature that verified.</param>
/// <param name="Warning">Set when the pack was accepted without full coverage (non-strict mode): unsigned, no key,
/// or a verified signature whose manifest does not bind the other files.</param>
public sealed record SignatureSummary(bool Verified, string? Signer, string? Warning)
{
    public static readonly SignatureSummary Unsigned = new(false, null, null);
}

/// <summary>
/// Signs and verifies pack manifests the way upstream does (<c>packc sign</c>): an Ed25519 signature over the manifest
/// with its signatures cleared (<see cref="ManifestSignatureBlock"/>), appended to <c>signatures.signatures</c> as
/// <c>{key_id, algorithm: "ed25519", signature: base64}</c>; any one valid signature from a trusted key passes,
/// <c>key_id</c> is only a label. The manifest covers the component manifests (content hashes) and, in packs we
/// build, every other file (the SBOM binding), so a verified signature plus <see cref="GtPack.VerifyIntegrity"/>
/// covers the whole pack.
/// </summary>
public static class PackSigner
{
    public const string Algorithm = "ed25519";

    /// <summary>The bytes a signature covers.</summary>
    public static byte[] SigningPayload(GtPack pack) => ManifestSignatureBlock.Payload(pack.ManifestBytes, pack.Name);

    /// <summary>
    /// Signs <paramref name="pack"/>'s manifest and returns the new archive: the manifest gets the signature (its other
    /// bytes unchanged), and the <c>manifest.cbor</c> entry of <c>sbom.cbor</c> is updated to the new manifest.
    /// </summary>
    public static PackArchive Sign(GtPack pack, Ed25519PrivateKey key)
    {
        var unsigned = ManifestSignatureBlock.Replace(pack.ManifestBytes, ManifestSignatureBlock.Empty, pack.Name);
        var sig = new PackSignature(key.KeyId, Algorithm, key.Sign(unsigned));
        var signatures = pack.Manifest.Signatures.Where(s => !(s.KeyId == key.KeyId && s.Algorithm == Algorithm)).Append(sig);
        var manifest = ManifestSignatureBlock.Replace(unsigned, Cbor.CanonicalCbor.Encode(PackSignature.ToBlock(signatures)), pack.Name);
        var archive = pack.Archive.With(PackManifest.FileName, manifest);
        if (pack.Sbom.Files.Any(f => f.Path == PackManifest.FileName))
        {
            var files = pack.Sbom.Files.Select(f => f.Path == PackManifest.FileName ? Sbom.Entry(f.Path, manifest) : f).ToArray();
            archive = archive.With(Sbom.FileName, new Sbom(files).Encode());
        }
        return archive;
    }

    public static byte[] SignToBytes(GtPack pack, Ed25519PrivateKey key) => GtpackWriter.Write(Sign(pack, key));

    /// <summary>Checks the manifest signatures against <paramref name="trusted"/>; never throws for a bad signature.</summary>
    public static (bool Ok, string? Signer, string Detail) Check(GtPack pack, IReadOnlyCollection<Ed25519PublicKey> trusted)
    {
        var sigs = pack.Manifest.Signatures;
        if (sigs.Count == 0) return (false, null, "the pack is not signed");
        if (trusted.Count == 0) return (false, null, "no trusted public key is configured");
        var payload = SigningPayload(pack);
        foreach (var s in sigs)
        {
            if (s.Algorithm != Algorithm || s.Signature.Length != 64) continue;
            foreach (var k in trusted)
                if (k.Verify(payload, s.Signature)) return (true, s.KeyId, "ok");
        }
        var ids = string.Join(", ", sigs.Select(s => $"{s.KeyId} ({s.Algorithm})"));
        return (false, null, $"no signature verifies with a trusted key (signatures: {ids}; trusted: {string.Join(", ", trusted.Select(k => k.KeyId))})");
    }

    /// <summary>
    /// Full verification: every digest (<see cref="GtPack.VerifyIntegrity"/>), then signatures under
    /// <paramref name="policy"/>. Strict: the manifest must carry a signature from a trusted key and bind the
    /// other files (else a swapped wasm would still pass). Non-strict: an unsigned pack, a missing key or a signed
    /// manifest that does not bind the files is accepted with a warning; signatures that all fail still refuse.
    /// </summary>
    /// <exception cref="PackVerificationException">on any failure, naming the pack and the reason.</exception>
    public static SignatureSummary Verify(GtPack pack, TrustPolicy policy)
    {
        pack.VerifyIntegrity();
        var (ok, signer, detail) = Check(pack, policy.TrustedKeys);
        if (ok)
        {
            if (pack.ManifestBindsFiles) return new SignatureSummary(true, signer, null);
            const string unbound = "the signed manifest does not bind the pack's other files (no greentic.sbom.v1 digest), so the signature does not cover the components";
            if (policy.Strict) throw new PackVerificationException(pack.Name, $"signature verification failed: {unbound}");
            return new SignatureSummary(true, signer, $"{pack.Name}: {unbound}; accepted because PACK_VERIFY_STRICT is off");
        }
        bool missing = pack.Manifest.Signatures.Count == 0 || policy.TrustedKeys.Count == 0;
        if (missing && !policy.Strict) return new SignatureSummary(false, null, $"{pack.Name}: {detail}; accepted because PACK_VERIFY_STRICT is off");
        throw new PackVerificationException(pack.Name, $"signature verification failed: {detail}");
    }
}

/// <summary>Which keys are trusted and whether a missing signature refuses (PACK_PUBLIC_KEY, PACK_VERIFY_STRICT).</summary>
public sealed record TrustPolicy(IReadOnlyCollection<Ed25519PublicKey> TrustedKeys, bool Strict)
{
    public static TrustPolicy StrictWith(params Ed25519PublicKey[] keys) => new(keys, true);
}
