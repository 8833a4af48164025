using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Greentic.Packs;
using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Index;
using Greentic.Packs.Manifest;
using Greentic.Packs.Runtime;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Benchmarks;

/// <summary>
/// Verify + load of a signed 5 MB pack (goal: at most 50 ms): whole-file SHA-256 digest, ZIP parse with CRC checks,
/// CBOR decode of the manifest and component manifests, BLAKE3 of every file against the SBOM, SHA-256 content
/// hashes, Ed25519 signature, and the tenant runtime build (with each provider's wasm digest). Also upstream's real
/// telegram pack (1.2 MB, unsigned) through the same path.
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
                Flow = new FlowGraph
                {
                    Id = $"flow-{i}", Kind = "messaging", Entrypoints = new Dictionary<string, CborValue> { ["default"] = "a" },
                    Nodes = [new FlowNode { Id = "a", Component = new FlowComponentRef("emit.text"), Input = CborMap.Of(("mapping", "hello")) }],
                },
            }).ToArray(),
        }.WithProviders([new ProviderDecl
        {
            ProviderType = "messaging.telegram.bot", ConfigSchemaRef = "",
            Runtime = new ProviderRuntime("messaging-provider-telegram", "schema-core-api", "greentic:provider/schema-core@1.0.0"),
        }]);
        var archive = PackAssembler.Assemble(manifest, wasm, assets);
        var signed = PackSigner.SignToBytes(GtPack.FromArchive(archive, "bench"), key);
        return (signed, TrustPolicy.StrictWith(key.PublicKey));
    }

    private byte[] _upstream = [];

    /// <summary>Upstream's telegram pack, from <c>../shared/upstream/packs/</c> next to the repository.</summary>
    public static byte[] UpstreamTelegram()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln")))
                return File.ReadAllBytes(Path.Combine(dir.FullName, "..", "shared", "upstream", "packs", "messaging-telegram.gtpack"));
        throw new FileNotFoundException("no Greentic.Grpc.sln above " + AppContext.BaseDirectory);
    }

    [GlobalSetup]
    public void Setup()
    {
        (_pack, _policy) = MakePack(5 * 1024 * 1024);
        _blob = new byte[5 * 1024 * 1024];
        new Random(1).NextBytes(_blob);
        _upstream = UpstreamTelegram();
    }

    /// <summary>What a reload does per pack once the bytes are in hand.</summary>
    public static TenantRuntime VerifyAndLoad(byte[] bytes, TrustPolicy policy)
    {
        var digest = PackDigest.Sha256(bytes);
        var pack = GtPack.Open(bytes, "bench.gtpack");
        var sig = PackSigner.Verify(pack, policy);
        var entry = new PackIndexEntry("greentic.bench", null, digest, "bench.gtpack");
        var runtime = TenantRuntime.Build("bench", new LoadedPack(entry, digest, pack, sig, null), []);
        foreach (var type in runtime.ProviderTypes) _ = runtime.ResolveProvider(type)!.WasmDigest;
        return runtime;
    }

    [Benchmark(Description = "verify + load 5 MB pack")]
    public TenantRuntime VerifyAndLoad5MB() => VerifyAndLoad(_pack, _policy);

    [Benchmark(Description = "verify + load upstream telegram pack (1.2 MB, unsigned)")]
    public TenantRuntime VerifyAndLoadUpstream() => VerifyAndLoad(_upstream, _policy with { Strict = false });

    [Benchmark(Description = "BLAKE3 5 MB (Blake3 package)")]
    public Blake3.Hash Blake3_5MB() => Blake3.Hasher.Hash(_blob);

    [Benchmark(Description = "SHA-256 5 MB")]
    public byte[] Sha256_5MB() => SHA256.HashData(_blob);

    [Benchmark(Description = "read .gtpack 5 MB (ZIP + CRC-32)")]
    public PackArchive Read5MB() => GtpackReader.Read(_pack, "bench");
}
