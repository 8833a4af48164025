using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Signing;

/// <summary>The outcome of checking a pack's manifest signatures.</summary>
/// <param name="Verified">True when a signature from a trusted key verified.</param>
/// <param name="Signer">The key id of the signature that verified.</param>
/// <param name="Warning">Set when the pack was accepted without a verified signature (non-strict mode).</param>
public sealed record SignatureSummary(bool Verified, string? Signer, string? Warning)
{
    public static readonly SignatureSummary Unsigned = new(false, null, null);
}

/// <summary>
/// Signs and verifies pack manifests (CONTRACTS.md §2, current scheme): the signed bytes are the manifest
/// encoded as canonical CBOR with <c>signatures</c> cleared to <c>{signatures: []}</c>; a signature is
/// <c>{key_id, algorithm: "ed25519", signature: 64 bytes}</c> appended to the list; any one valid
/// signature from a trusted key passes. Works on the raw CBOR map so fields unknown to the model are signed too.
/// </summary>
public static class PackSigner
{
    public const string Algorithm = "ed25519";

    /// <summary>The bytes a signature covers.</summary>
    public static byte[] SigningPayload(CborMap rawManifest) =>
        CanonicalCbor.Encode(rawManifest.With("signatures", PackSignature.ToBlock([])));

    /// <summary>Signs <paramref name="pack"/>'s manifest and returns the new archive (other files unchanged).</summary>
    public static PackArchive Sign(GtPack pack, Ed25519PrivateKey key)
    {
        var sig = new PackSignature(key.KeyId, Algorithm, key.Sign(SigningPayload(pack.RawManifest)));
        var existing = pack.Manifest.Signatures.Where(s => !(s.KeyId == key.KeyId && s.Algorithm == Algorithm));
        var raw = pack.RawManifest.With("signatures", PackSignature.ToBlock(existing.Append(sig)));
        return pack.Archive.With(PackManifest.FileName, CanonicalCbor.Encode(raw));
    }

    public static byte[] SignToBytes(GtPack pack, Ed25519PrivateKey key) => GtpackWriter.Write(Sign(pack, key));

    /// <summary>Checks the manifest signatures against <paramref name="trusted"/>; never throws for a bad signature.</summary>
    public static (bool Ok, string? Signer, string Detail) Check(GtPack pack, IReadOnlyCollection<Ed25519PublicKey> trusted)
    {
        var sigs = pack.Manifest.Signatures;
        if (sigs.Count == 0) return (false, null, "the pack is not signed");
        if (trusted.Count == 0) return (false, null, "no trusted public key is configured");
        var payload = SigningPayload(pack.RawManifest);
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
    /// Full verification: SBOM integrity always; then signatures under <paramref name="policy"/>.
    /// Strict: a missing or bad signature refuses. Non-strict: an unsigned pack (or no configured key) is
    /// accepted with a warning; a pack whose signatures all fail still refuses.
    /// </summary>
    /// <exception cref="PackVerificationException">on any failure, naming the pack and the reason.</exception>
    public static SignatureSummary Verify(GtPack pack, TrustPolicy policy)
    {
        pack.VerifyIntegrity();
        var (ok, signer, detail) = Check(pack, policy.TrustedKeys);
        if (ok) return new SignatureSummary(true, signer, null);
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
