using System.Text;
using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

/// <summary>Builds small real packs for tests.</summary>
internal static class TestPacks
{
    public static readonly Ed25519PrivateKey Key = Ed25519PrivateKey.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    public static readonly Ed25519PrivateKey OtherKey = Ed25519PrivateKey.FromSeed(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());

    /// <summary>A one-node flow-v1 graph that emits <paramref name="marker"/>, to tell packs and overlays apart.</summary>
    public static FlowGraph Flow(string id, string marker) => new()
    {
        Id = id,
        Kind = "messaging",
        Entrypoints = new Dictionary<string, CborValue> { ["default"] = "n1" },
        Nodes = [new FlowNode { Id = "n1", Component = new FlowComponentRef("emit.text"), Input = CborMap.Of(("mapping", marker)), Routing = FlowRouting.End }],
    };

    public static ComponentCapabilities Capabilities(string yamlLike) =>
        ComponentCapabilities.FromCbor(CborJson.Parse(yamlLike), "test", "capabilities");

    public static PackManifest Manifest(string packId = "greentic.demo", string version = "1.0.0",
        string[]? components = null, (string Id, string Marker)[]? flows = null) => new PackManifest
    {
        PackId = packId,
        Name = "Demo pack",
        Version = version,
        Kind = PackKind.Application,
        Publisher = "greentic",
        Components = (components ?? ["echo"]).Select(c => new ComponentManifest
        {
            Id = c, Version = "0.1.0", Supports = ["messaging"], World = "greentic:provider/schema-core@1.0.0",
            Capabilities = Capabilities("""{"wasi": {"clocks": true, "random": false}, "host": {"state": {"read": true, "write": true}, "secrets": {"required": []}}}"""),
            Operations = [new ComponentOperation("invoke")],
        }).ToArray(),
        Flows = (flows ?? [("main", "hello")]).Select(f => new FlowEntry { Id = f.Id, Kind = "messaging", Flow = Flow(f.Id, f.Marker), Tags = ["t"], Entrypoints = ["default"] }).ToArray(),
        Capabilities = [new CapabilityDecl("messaging", "sends messages")],
        SecretRequirements = [new SecretRequirement { Key = "TELEGRAM_TOKEN", Description = "bot token", Format = "text" }],
    };

    public static PackArchive Archive(PackManifest? m = null, int wasmSize = 64, string? marker = null)
    {
        m ??= Manifest();
        var wasm = m.Components.ToDictionary(c => c.Id, c => (ReadOnlyMemory<byte>)Wasm(c.Id + (marker ?? ""), wasmSize));
        return PackAssembler.Assemble(m, wasm, new Dictionary<string, ReadOnlyMemory<byte>> { ["readme.txt"] = Encoding.UTF8.GetBytes("read me") });
    }

    public static byte[] Wasm(string seed, int size)
    {
        var b = new byte[Math.Max(size, 8)];
        "\0asm"u8.CopyTo(b);
        b[4] = 1;
        var r = new Random(seed.GetHashCode(StringComparison.Ordinal) ^ size);
        r.NextBytes(b.AsSpan(8));
        return b;
    }

    public static byte[] Unsigned(PackManifest? m = null, int wasmSize = 64) => GtpackWriter.Write(Archive(m, wasmSize));

    public static byte[] Signed(PackManifest? m = null, Ed25519PrivateKey? key = null, int wasmSize = 64)
    {
        var bytes = Unsigned(m, wasmSize);
        return PackSigner.SignToBytes(GtPack.Open(bytes, "t.gtpack"), key ?? Key);
    }
}
