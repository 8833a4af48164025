using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

public class SigningTests
{
    private static readonly TrustPolicy Strict = TrustPolicy.StrictWith(TestPacks.Key.PublicKey);

    [Fact]
    public void Signed_pack_verifies_with_the_trusted_key()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s.gtpack");
        var sig = Assert.Single(pack.Manifest.Signatures);
        Assert.Equal("ed25519", sig.Algorithm);
        Assert.Equal(64, sig.Signature.Length);
        Assert.Equal(TestPacks.Key.KeyId, sig.KeyId);
        var summary = PackSigner.Verify(pack, Strict);
        Assert.True(summary.Verified);
        Assert.Equal(TestPacks.Key.KeyId, summary.Signer);
    }

    [Fact]
    public void Signature_covers_the_manifest_with_signatures_cleared()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s.gtpack");
        var payload = PackSigner.SigningPayload(pack.RawManifest);
        var unsigned = GtPack.Open(TestPacks.Unsigned(), "u");
        Assert.Equal(unsigned.ManifestBytes.ToArray(), payload);
        Assert.True(TestPacks.Key.PublicKey.Verify(payload, pack.Manifest.Signatures[0].Signature));
    }

    [Fact]
    public void Signing_is_deterministic()
    {
        Assert.Equal(TestPacks.Signed(), TestPacks.Signed());
    }

    [Fact]
    public void Any_one_valid_signature_passes()
    {
        var twice = PackSigner.SignToBytes(GtPack.Open(TestPacks.Signed(key: TestPacks.OtherKey), "a"), TestPacks.Key);
        var pack = GtPack.Open(twice, "two.gtpack");
        Assert.Equal(2, pack.Manifest.Signatures.Count);
        Assert.True(PackSigner.Verify(pack, Strict).Verified);
        Assert.True(PackSigner.Verify(pack, TrustPolicy.StrictWith(TestPacks.OtherKey.PublicKey)).Verified);
    }

    [Fact]
    public void Untrusted_key_fails_in_both_modes()
    {
        var pack = GtPack.Open(TestPacks.Signed(key: TestPacks.OtherKey), "o.gtpack");
        var ex = Assert.Throws<PackVerificationException>(() => PackSigner.Verify(pack, Strict));
        Assert.StartsWith("o.gtpack: signature verification failed", ex.Message);
        Assert.Throws<PackVerificationException>(() => PackSigner.Verify(pack, new TrustPolicy([TestPacks.Key.PublicKey], false)));
    }

    [Fact]
    public void Unsigned_pack_fails_strict_and_warns_non_strict()
    {
        var pack = GtPack.Open(TestPacks.Unsigned(), "u.gtpack");
        Assert.Contains("not signed", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(pack, Strict)).Message);
        var lax = PackSigner.Verify(pack, new TrustPolicy([TestPacks.Key.PublicKey], false));
        Assert.False(lax.Verified);
        Assert.Contains("not signed", lax.Warning);
    }

    [Fact]
    public void Forged_signature_bytes_fail()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var sig = pack.Manifest.Signatures[0];
        var forged = (byte[])sig.Signature.Clone();
        forged[10] ^= 0x80;
        var raw = pack.RawManifest.With("signatures", PackSignature.ToBlock([sig with { Signature = forged }]));
        var bad = GtPack.FromArchive(pack.Archive.With("manifest.cbor", CanonicalCbor.Encode(raw)), "forged.gtpack");
        Assert.Throws<PackVerificationException>(() => PackSigner.Verify(bad, Strict));
        Assert.Throws<PackVerificationException>(() => PackSigner.Verify(bad, Strict with { Strict = false }));
    }

    [Fact]
    public void Component_swapped_after_signing_fails_with_a_clear_error()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var swapped = GtPack.Open(GtpackWriter.Write(pack.Archive.With("components/echo.wasm", TestPacks.Wasm("evil", 64))), "swapped.gtpack");
        var ex = Assert.Throws<PackVerificationException>(() => PackSigner.Verify(swapped, Strict));
        Assert.Equal("swapped.gtpack: file 'components/echo.wasm' does not match its BLAKE3 hash in sbom.cbor (replaced or modified after signing)", ex.Message);
    }

    [Fact]
    public void Component_and_sbom_both_swapped_after_signing_fails()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var other = PackAssembler.Assemble(TestPacks.Manifest(), new Dictionary<string, ReadOnlyMemory<byte>> { ["echo"] = TestPacks.Wasm("evil", 64) });
        var mixed = pack.Archive.With("components/echo.wasm", other["components/echo.wasm"]).With("sbom.cbor", other["sbom.cbor"]);
        var ex = Assert.Throws<PackVerificationException>(() => PackSigner.Verify(GtPack.FromArchive(mixed, "m.gtpack"), Strict));
        Assert.Contains("sbom.cbor does not match the digest in the manifest", ex.Message);
    }

    [Fact]
    public void Added_or_removed_files_fail()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var added = GtPack.FromArchive(pack.Archive.With("assets/extra.js", new byte[] { 1 }), "a.gtpack");
        Assert.Contains("not listed in sbom.cbor", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(added, Strict)).Message);
        var removed = GtPack.FromArchive(pack.Archive.Without("assets/readme.txt"), "r.gtpack");
        Assert.Contains("is missing", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(removed, Strict)).Message);
    }

    [Fact]
    public void Manifest_field_changed_after_signing_fails()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var raw = pack.RawManifest.With("version", "9.9.9");
        var bad = GtPack.FromArchive(pack.Archive.With("manifest.cbor", CanonicalCbor.Encode(raw)), "v.gtpack");
        Assert.Throws<PackVerificationException>(() => PackSigner.Verify(bad, Strict));
    }

    [Fact]
    public void Flipping_any_byte_of_a_signed_pack_fails_verification()
    {
        var good = TestPacks.Signed();
        PackSigner.Verify(GtPack.Open(good, "g"), Strict);
        int step = Math.Max(1, good.Length / 1500);
        int checkedPositions = 0;
        for (int i = 0; i < good.Length; i += step)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80 })
            {
                var bad = (byte[])good.Clone();
                bad[i] ^= mask;
                Assert.ThrowsAny<PackFormatException>(() => PackSigner.Verify(GtPack.Open(bad, "flip"), Strict));
                checkedPositions++;
            }
        }
        Assert.True(checkedPositions > 1000);
    }

    [Fact]
    public void Pem_keys_round_trip_pkcs8_and_spki()
    {
        var k = Ed25519PrivateKey.Generate();
        var pem = k.ToPem();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem);
        var back = Ed25519PrivateKey.FromPem(pem);
        Assert.Equal(k.PublicKey.Raw, back.PublicKey.Raw);
        var pub = k.PublicKey.ToPem();
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pub);
        Assert.Equal(k.PublicKey.Raw, Ed25519PublicKey.FromPem(pub).Raw);
        // RFC 8410 fixed DER prefixes.
        Assert.Equal("302e020100300506032b657004220420", Convert.ToHexStringLower(k.ToPkcs8().AsSpan(0, 16)));
        Assert.Equal("302a300506032b6570032100", Convert.ToHexStringLower(k.PublicKey.ToSpki().AsSpan(0, 12)));
        var env = Ed25519PublicKey.ParseEnv(k.PublicKey.ToString());
        Assert.Equal(k.PublicKey.Raw, env.Raw);
    }

    [Fact]
    public void Bad_keys_are_refused_clearly()
    {
        Assert.Contains("ed25519:", Assert.Throws<PackFormatException>(() => Ed25519PublicKey.ParseEnv("rsa:abc")).Message);
        Assert.Contains("32 bytes", Assert.Throws<PackFormatException>(() => Ed25519PublicKey.ParseEnv("ed25519:AAAA")).Message);
        Assert.ThrowsAny<PackFormatException>(() => Ed25519PrivateKey.FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));
        Assert.ThrowsAny<PackFormatException>(() => Ed25519PrivateKey.FromPem(TestPacks.Key.PublicKey.ToPem()));
    }

    [Fact]
    public void Rfc8032_test_vector_1_signs_as_expected()
    {
        var sk = Ed25519PrivateKey.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(sk.PublicKey.Raw));
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(sk.Sign([])));
    }
}
