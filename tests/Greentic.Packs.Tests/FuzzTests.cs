using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Inspection;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

/// <summary>
/// Damaged packs must only ever produce <see cref="PackFormatException"/>: no other exception, crash or hang.
/// Each test runs its cases under a generous overall deadline, so a hang fails rather than stalls the run.
/// </summary>
public class FuzzTests
{
    private static readonly TrustPolicy Strict = TrustPolicy.StrictWith(TestPacks.Key.PublicKey);
    private static readonly TrustPolicy Lax = Strict with { Strict = false };
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>Opens, verifies, inspects and resolves whatever survives: every path a loaded pack takes.</summary>
    private static void OnlyPackErrors(Func<GtPack> open)
    {
        try
        {
            var p = open();
            try { PackSigner.Verify(p, Lax); } catch (PackVerificationException) { }
            PackInspection.Of(p, [TestPacks.Key.PublicKey]).ToText();
            foreach (var f in p.Fixtures) try { f.Json(); } catch (PackFormatException) { }
            var loaded = new Runtime.LoadedPack(new Index.PackIndexEntry(p.Manifest.PackId, null, "sha256:" + new string('0', 64), "x"),
                "sha256:" + new string('0', 64), p, SignatureSummary.Unsigned, null);
            var rt = Runtime.TenantRuntime.Build("t", loaded, []);
            foreach (var type in rt.ProviderTypes) Assert.NotNull(rt.ResolveProvider(type));
        }
        catch (PackFormatException) { }
    }

    private static Task Run(Action cases) => Task.Run(cases).WaitAsync(Deadline);

    private static byte[] Mutate(Random rng, byte[] data, int maxFlips)
    {
        var bad = (byte[])data.Clone();
        switch (rng.Next(4))
        {
            case 0: // truncate
                return bad.AsSpan(0, rng.Next(bad.Length)).ToArray();
            case 1: // delete a run
            {
                int at = rng.Next(bad.Length), n = Math.Min(rng.Next(1, 16), bad.Length - at);
                return [.. bad.AsSpan(0, at), .. bad.AsSpan(at + n)];
            }
            case 2: // insert random bytes
            {
                int at = rng.Next(bad.Length + 1);
                var extra = new byte[rng.Next(1, 9)];
                rng.NextBytes(extra);
                return [.. bad.AsSpan(0, at), .. extra, .. bad.AsSpan(at)];
            }
            default: // flip bytes
                for (int k = rng.Next(1, maxFlips + 1); k > 0; k--) bad[rng.Next(bad.Length)] = (byte)rng.Next(256);
                return bad;
        }
    }

    [Fact]
    public Task Random_damage_to_a_signed_pack_gives_only_pack_errors() => Run(() =>
    {
        var good = TestPacks.Signed();
        var rng = new Random(1234);
        for (int i = 0; i < 3000; i++)
        {
            var bad = Mutate(rng, good, 8);
            OnlyPackErrors(() => GtPack.Open(bad, "fuzz"));
            OnlyPackErrors(() => GtPack.Open(bad, "fuzz", new PackReaderOptions { VerifyCrc = false }));
        }
    });

    [Fact]
    public Task Random_manifest_cbor_inside_a_valid_zip_gives_only_pack_errors() => Run(() =>
    {
        var pack = GtPack.Open(TestPacks.Signed(), "p");
        var manifest = pack.ManifestBytes.ToArray();
        var rng = new Random(99);
        for (int i = 0; i < 3000; i++)
        {
            var bad = Mutate(rng, manifest, 4);
            OnlyPackErrors(() => GtPack.Open(GtpackWriter.Write(pack.Archive.With("manifest.cbor", bad)), "fuzz"));
        }
    });

    [Theory]
    [InlineData(Upstream.Telegram)]
    [InlineData(Upstream.Webchat)]
    public Task Truncated_upstream_packs_are_refused_cleanly(string name) => Run(() =>
    {
        var good = Upstream.PackBytes(name);
        var rng = new Random(name.Length);
        // Every length near the end (central directory, end record), then lengths spread over the whole file.
        var lengths = Enumerable.Range(Math.Max(0, good.Length - 4000), 4000).Concat(Enumerable.Range(0, 1000).Select(_ => rng.Next(good.Length)));
        foreach (var len in lengths)
        {
            var cut = good.AsSpan(0, len).ToArray();
            var ex = Assert.ThrowsAny<PackFormatException>(() => GtPack.Open(cut, name));
            Assert.StartsWith(name + ": ", ex.Message);
        }
    });

    [Theory]
    [InlineData(Upstream.Telegram)]
    [InlineData(Upstream.Webchat)]
    public Task Mutated_upstream_packs_give_only_pack_errors(string name) => Run(() =>
    {
        var good = Upstream.PackBytes(name);
        var rng = new Random(name.Length * 7);
        // Damage anywhere in the ZIP (most of it is wasm, caught by CRC-32); then, with CRC checks off, damage that
        // reaches the parsers and digest checks.
        for (int i = 0; i < 1000; i++)
        {
            var bad = Mutate(rng, good, 6);
            OnlyPackErrors(() => GtPack.Open(bad, name));
            OnlyPackErrors(() => GtPack.Open(bad, name, new PackReaderOptions { VerifyCrc = false }));
        }
    });

    [Theory]
    [InlineData(Upstream.Telegram)]
    [InlineData(Upstream.Webchat)]
    public Task Mutated_upstream_metadata_inside_a_valid_zip_gives_only_pack_errors(string name) => Run(() =>
    {
        var archive = Upstream.Open(name).Archive;
        var metadata = archive.Entries.Where(e => e.Path.EndsWith(".cbor", StringComparison.Ordinal) || e.Path.StartsWith("fixtures/", StringComparison.Ordinal))
            .Select(e => e.Path).ToArray();
        var rng = new Random(name.Length * 13);
        int cases = 0;
        foreach (var path in metadata)
        {
            var data = archive[path].ToArray();
            int n = path == PackManifest.FileName ? 1500 : 300;
            for (int i = 0; i < n; i++, cases++)
            {
                var bad = Mutate(rng, data, 4);
                OnlyPackErrors(() => GtPack.FromArchive(archive.With(path, bad), name));
            }
        }
        Assert.True(cases > 3000, $"{cases} cases");
    });

    [Fact]
    public Task Random_cbor_bytes_decode_or_fail_cleanly() => Run(() =>
    {
        var rng = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            var b = new byte[rng.Next(0, 24)];
            rng.NextBytes(b);
            try
            {
                var v = CborDecoder.Decode(b, "r");
                Assert.Equal(v, CborDecoder.Decode(CanonicalCbor.Encode(v), "r"));
                try { PackManifest.FromCbor(v, "r"); } catch (PackFormatException) { }
            }
            catch (PackFormatException) { }
        }
    });
}
