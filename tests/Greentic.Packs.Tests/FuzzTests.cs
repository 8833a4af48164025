using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

/// <summary>Random damage must only ever produce <see cref="PackFormatException"/>: no other exception, crash or hang.</summary>
public class FuzzTests
{
    private static readonly TrustPolicy Strict = TrustPolicy.StrictWith(TestPacks.Key.PublicKey);

    private static void OnlyPackErrors(byte[] bytes, PackReaderOptions? o = null)
    {
        try
        {
            var p = GtPack.Open(bytes, "fuzz", o);
            PackSigner.Verify(p, Strict);
        }
        catch (PackFormatException) { }
    }

    [Fact]
    public void Random_damage_to_a_signed_pack_gives_only_pack_errors()
    {
        var good = TestPacks.Signed();
        var rng = new Random(1234);
        for (int i = 0; i < 3000; i++)
        {
            var bad = (byte[])good.Clone();
            int n = rng.Next(1, 8);
            for (int k = 0; k < n; k++) bad[rng.Next(bad.Length)] = (byte)rng.Next(256);
            if (rng.Next(4) == 0) bad = bad.AsSpan(0, rng.Next(bad.Length)).ToArray();
            OnlyPackErrors(bad);
            OnlyPackErrors(bad, new PackReaderOptions { RequireCanonicalForm = false, VerifyCrc = false });
        }
    }

    [Fact]
    public void Random_manifest_cbor_inside_a_valid_zip_gives_only_pack_errors()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "p");
        var manifest = pack.ManifestBytes.ToArray();
        var rng = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            var bad = (byte[])manifest.Clone();
            int n = rng.Next(1, 4);
            for (int k = 0; k < n; k++) bad[rng.Next(bad.Length)] = (byte)rng.Next(256);
            if (rng.Next(5) == 0) bad = bad.AsSpan(0, rng.Next(bad.Length)).ToArray();
            OnlyPackErrors(GtpackWriter.Write(pack.Archive.With("manifest.cbor", bad)));
        }
    }

    [Fact]
    public void Random_cbor_bytes_decode_or_fail_cleanly()
    {
        var rng = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            var b = new byte[rng.Next(0, 24)];
            rng.NextBytes(b);
            try
            {
                var v = CanonicalCbor.Decode(b, "r");
                Assert.Equal(b, CanonicalCbor.Encode(v));
                try { PackManifest.FromCbor(v, "r"); } catch (PackFormatException) { }
            }
            catch (PackFormatException) { }
        }
    }
}
