using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Greentic.Packs;
using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Hashing;
using Greentic.Packs.Index;
using Greentic.Packs.Manifest;
using Greentic.Packs.Runtime;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Benchmarks;

/// <summary>
/// Verify + load of a signed 5 MB pack (goal: at most 50 ms): whole-file SHA-256 digest, ZIP parse with CRC and
/// canonical-form checks, canonical CBOR decode, BLAKE3 of every file against the SBOM, Ed25519 signature, and
/// the tenant runtime build.
/// </summary>
[MemoryDiagnoser]
public class PackLoadBenchmarks
{
    private byte[] _pack = [];
    private TrustPolicy _policy = null!;
    private byte[] _blob = [];

    public static (byte[] Pack, TrustPolicy Policy) MakePack(int totalBytes)
    {
        var key = Ed25519PrivateKey.FromSeed(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());
        var rng = new Random(42);
        var components = new[] { "router", "messaging-provider-telegram", "state-helper", "llm-adapter" };
        var wasm = new Dictionary<string, ReadOnlyMemory<byte>>();
        int per = totalBytes * 4 / 5 / components.Length;
        foreach (var c in components)
        {
            var b = new byte[per];
            rng.NextBytes(b);
            wasm[c] = b;
        }
        var assets = new Dictionary<string, ReadOnlyMemory<byte>>();
        for (int i = 0; i < 20; i++)
        {
            var b = new byte[totalBytes / 5 / 20];
            rng.NextBytes(b);
            assets[$"img/{i:D2}.png"] = b;
        }
        var manifest = new PackManifest
        {
            PackId = "greentic.bench", Version = "1.0.0", Publisher = "greentic", Kind = PackKind.Application,
            Components = components.Select(c => new ComponentManifest
            {
                Id = c, Version = "1.0.0", World = "greentic:provider/schema-core@1.0.0", Supports = ["messaging"],
                Operations = [new ComponentOperation("invoke")],
            }).ToArray(),
            Flows = Enumerable.Range(0, 50).Select(i => new FlowEntry
            {
                Id = $"flow-{i}", Kind = "messaging",
                Flow = CborMap.Of(("id", $"flow-{i}"), ("start", "a"), ("nodes", CborMap.Of(("a", CborMap.Of(("emit.text", "hello"), ("out", "end")))))),
            }).ToArray(),
        };
        var archive = PackAssembler.Assemble(manifest, wasm, assets);
        var signed = PackSigner.SignToBytes(GtPack.FromArchive(archive, "bench"), key);
        return (signed, TrustPolicy.StrictWith(key.PublicKey));
    }

    [GlobalSetup]
    public void Setup()
    {
        (_pack, _policy) = MakePack(5 * 1024 * 1024);
        _blob = new byte[5 * 1024 * 1024];
        new Random(1).NextBytes(_blob);
    }

    /// <summary>What a reload does per pack once the bytes are in hand.</summary>
    public static TenantRuntime VerifyAndLoad(byte[] bytes, TrustPolicy policy)
    {
        var digest = PackDigest.Sha256(bytes);
        var pack = GtPack.Open(bytes, "bench.gtpack");
        var sig = PackSigner.Verify(pack, policy);
        var entry = new PackIndexEntry("greentic.bench", null, digest, "bench.gtpack");
        return TenantRuntime.Build("bench", new LoadedPack(entry, digest, pack, sig, null), []);
    }

    [Benchmark(Description = "verify + load 5 MB pack")]
    public TenantRuntime VerifyAndLoad5MB() => VerifyAndLoad(_pack, _policy);

    [Benchmark(Description = "BLAKE3 5 MB")]
    public byte[] Blake3_5MB() => Blake3.Hash(_blob);

    [Benchmark(Description = "SHA-256 5 MB")]
    public byte[] Sha256_5MB() => SHA256.HashData(_blob);

    [Benchmark(Description = "read .gtpack 5 MB (ZIP + CRC)")]
    public PackArchive Read5MB() => GtpackReader.Read(_pack, "bench");
}
