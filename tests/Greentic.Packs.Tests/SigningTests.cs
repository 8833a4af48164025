using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

public class SigningTests
{
    private static readonly TrustPolicy Strict = TrustPolicy.StrictWith(TestPacks.Key.PublicKey);

    /// <summary>What an attacker can always do: replace manifest.cbor and fix its (unsigned) SBOM entry to match.</summary>
    private static GtPack WithManifest(GtPack pack, byte[] manifest, string name)
    {
        var sbom = new Sbom(pack.Sbom.Files.Select(f => f.Path == "manifest.cbor" ? Sbom.Entry(f.Path, manifest) : f).ToArray());
        return GtPack.FromArchive(pack.Archive.With("manifest.cbor", manifest).With("sbom.cbor", sbom.Encode()), name);
    }

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
        Assert.Null(summary.Warning);
        Assert.Equal(TestPacks.Key.KeyId, summary.Signer);
    }

    [Fact]
    public void Signature_covers_the_manifest_with_signatures_cleared_and_signing_touches_only_manifest_and_sbom()
    {
        var unsigned = GtPack.Open(TestPacks.Unsigned(), "u");
        var pack = GtPack.Open(TestPacks.Signed(), "s.gtpack");
        var payload = PackSigner.SigningPayload(pack);
        Assert.Equal(unsigned.ManifestBytes.ToArray(), payload);
        Assert.True(TestPacks.Key.PublicKey.Verify(payload, pack.Manifest.Signatures[0].Signature));
        var changed = pack.Archive.Entries.Where(e => !e.Data.Span.SequenceEqual(unsigned.Archive[e.Path].Span)).Select(e => e.Path);
        Assert.Equal(["manifest.cbor", "sbom.cbor"], changed);
        pack.VerifyIntegrity();
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
        var bad = WithManifest(pack, CanonicalCbor.Encode(raw), "forged.gtpack");
        bad.VerifyIntegrity();
        Assert.Contains("signature verification failed", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(bad, Strict)).Message);
        Assert.Throws<PackVerificationException>(() => PackSigner.Verify(bad, Strict with { Strict = false }));
    }

    [Fact]
    public void Manifest_field_changed_after_signing_fails()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var unfixed = GtPack.FromArchive(pack.Archive.With("manifest.cbor", CanonicalCbor.Encode(pack.RawManifest.With("version", "9.9.9"))), "v.gtpack");
        Assert.Contains("file 'manifest.cbor' does not match its BLAKE3 hash in sbom.cbor",
            Assert.Throws<PackVerificationException>(() => PackSigner.Verify(unfixed, Strict)).Message);
        var fixedUp = WithManifest(pack, CanonicalCbor.Encode(pack.RawManifest.With("version", "9.9.9")), "v.gtpack");
        Assert.Contains("signature verification failed", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(fixedUp, Strict)).Message);
    }

    [Fact]
    public void Component_swapped_after_signing_fails_with_a_clear_error()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var swapped = GtPack.Open(GtpackWriter.Write(pack.Archive.With("components/echo.wasm", TestPacks.Wasm("evil", 64))), "swapped.gtpack");
        var ex = Assert.Throws<PackVerificationException>(() => PackSigner.Verify(swapped, Strict));
        Assert.Equal("swapped.gtpack: file 'components/echo.wasm' does not match its BLAKE3 hash in sbom.cbor (modified after the pack was built)", ex.Message);
    }

    [Fact]
    public void Component_swapped_with_a_consistent_sbom_is_caught_by_the_signed_binding()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var evil = TestPacks.Wasm("evil", 64);
        var sbom = new Sbom(pack.Sbom.Files.Select(f => f.Path == "components/echo.wasm" ? Sbom.Entry(f.Path, evil) : f).ToArray());
        var mixed = GtPack.FromArchive(pack.Archive.With("components/echo.wasm", evil).With("sbom.cbor", sbom.Encode()), "m.gtpack");
        var ex = Assert.Throws<PackVerificationException>(() => PackSigner.Verify(mixed, Strict));
        Assert.Equal("m.gtpack: sbom.cbor does not match the digest the manifest binds (greentic.sbom.v1): files were replaced after signing", ex.Message);
    }

    [Fact]
    public void Added_or_removed_files_fail()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s");
        var added = GtPack.FromArchive(pack.Archive.With("assets/extra.js", new byte[] { 1 }), "a.gtpack");
        Assert.Contains("file 'assets/extra.js' is not listed in sbom.cbor", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(added, Strict)).Message);
        var removed = GtPack.FromArchive(pack.Archive.Without("assets/readme.txt"), "r.gtpack");
        Assert.Contains("'assets/readme.txt' listed in sbom.cbor is missing", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(removed, Strict)).Message);
    }

    [Fact]
    public void No_flipped_byte_of_a_signed_pack_survives_verification_with_different_content()
    {
        var good = TestPacks.Signed();
        var reference = GtPack.Open(good, "g");
        PackSigner.Verify(reference, Strict);
        int step = Math.Max(1, good.Length / 1500), refused = 0, cosmetic = 0;
        for (int i = 0; i < good.Length; i += step)
            foreach (byte mask in new byte[] { 0x01, 0x80 })
            {
                var bad = (byte[])good.Clone();
                bad[i] ^= mask;
                try
                {
                    var p = GtPack.Open(bad, "flip");
                    PackSigner.Verify(p, Strict);
                    // Accepted: only a cosmetic ZIP header byte changed; every file is what was signed.
                    Assert.All(reference.Archive.Entries, e => Assert.True(e.Data.Span.SequenceEqual(p.Archive[e.Path].Span), e.Path));
                    cosmetic++;
                }
                catch (PackFormatException) { refused++; }
            }
        Assert.True(refused > 1000, $"{refused} refused");
        Assert.True(cosmetic < refused / 10, $"{cosmetic} cosmetic flips accepted");
    }

    [Fact]
    public void Unsigned_upstream_manifest_is_its_own_signing_payload()
    {
        // An unsigned upstream manifest already carries {signatures: []}: the bytes upstream signs are the file as written.
        foreach (var name in Upstream.Packs)
        {
            var pack = Upstream.Open(name);
            Assert.False(CanonicalCbor.IsCanonical(pack.ManifestBytes));
            Assert.Equal(pack.ManifestBytes.ToArray(), PackSigner.SigningPayload(pack));
        }
    }

    [Fact]
    public void An_upstream_pack_signed_by_us_verifies_and_keeps_its_manifest_bytes()
    {
        var pack = Upstream.Open(Upstream.Telegram);
        var signed = GtPack.Open(PackSigner.SignToBytes(pack, TestPacks.Key), "signed-telegram.gtpack");
        var sig = Assert.Single(signed.Manifest.Signatures);
        Assert.Equal(pack.ManifestBytes.ToArray(), PackSigner.SigningPayload(signed));
        signed.VerifyIntegrity();
        // Upstream's manifest binds the component manifests (content hashes) but not the wasm or the SBOM, so the
        // signature alone does not cover every file: strict mode says so, non-strict accepts with that warning.
        Assert.False(signed.ManifestBindsFiles);
        Assert.Contains("does not bind the pack's other files", Assert.Throws<PackVerificationException>(() => PackSigner.Verify(signed, Strict)).Message);
        var lax = PackSigner.Verify(signed, Strict with { Strict = false });
        Assert.True(lax.Verified);
        Assert.Equal(sig.KeyId, lax.Signer);
        Assert.Contains("does not cover the components", lax.Warning);
        Assert.Throws<PackVerificationException>(() => PackSigner.Verify(signed, TrustPolicy.StrictWith(TestPacks.OtherKey.PublicKey) with { Strict = false }));
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
        var message = "payload"u8.ToArray();
        Assert.True(back.PublicKey.Verify(message, k.Sign(message)));
    }

    [Fact]
    public void Openssl_written_keys_and_signatures_interoperate()
    {
        // `openssl genpkey -algorithm ed25519`, `openssl pkey -pubout`, `openssl pkeyutl -sign -rawin` over "greentic" (OpenSSL 3.0).
        const string priv = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKntv/JDe8zGECiHhR7wYbgVnG+hKLNIyYYkcD3o/vIQ\n-----END PRIVATE KEY-----\n";
        const string pub = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAeDTVJWttTb4OcnodriVrZu6oivFOgb+krmPcWIxaLoU=\n-----END PUBLIC KEY-----\n";
        const string opensslSignature = "e0b37ac7f5b419db623ed546db8202d8e58aa80b37b2ea6642ab15797b7af628fb889aa26ee6b5ffca70d404f657bb976e89ab3c7963b9da0613616fa874fb04";
        var key = Ed25519PrivateKey.FromPem(priv);
        var publicKey = Ed25519PublicKey.FromPem(pub);
        Assert.Equal(publicKey.Raw, key.PublicKey.Raw);
        Assert.Equal(pub, key.PublicKey.ToPem().ReplaceLineEndings("\n"));
        Assert.Equal(priv, key.ToPem().ReplaceLineEndings("\n"));
        Assert.Equal(opensslSignature, Convert.ToHexStringLower(key.Sign("greentic"u8)));
        Assert.True(publicKey.Verify("greentic"u8, Convert.FromHexString(opensslSignature)));
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
    public void Rfc8032_test_vectors_sign_and_verify()
    {
        var sk = Ed25519PrivateKey.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(sk.PublicKey.Raw));
        var sig = sk.Sign([]);
        Assert.Equal("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(sig));
        Assert.True(sk.PublicKey.Verify([], sig));
        sig[0] ^= 1;
        Assert.False(sk.PublicKey.Verify([], sig));
        Assert.False(sk.PublicKey.Verify([], sig.AsSpan(0, 63)));
        // RFC 8032 §7.1 test 2: one-byte message.
        var sk2 = Ed25519PrivateKey.FromSeed(Convert.FromHexString("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        Assert.Equal("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            Convert.ToHexStringLower(sk2.Sign([0x72])));
    }
}
