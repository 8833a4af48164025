using System.Security.Cryptography;
using System.Text;
using Greentic.Packs.Building;
using Greentic.Packs.Index;
using Greentic.Packs.Signing;

namespace Greentic.TestSupport;

/// <summary>
/// Writes pack sources (pack.yaml, components/*.wasm, flows/*.ygtc) and runs <see cref="PackBuilder"/> with signing,
/// exactly what <c>greentic pack build --sign</c> does.
/// </summary>
public sealed class TestPackBuilder(string root, Ed25519PrivateKey key)
{
    public Ed25519PrivateKey Key => key;

    /// <param name="components">component id → wasm size in bytes; the content is derived from <paramref name="seed"/>.</param>
    /// <param name="flows">flow id → a marker the flow emits, to tell overlays apart.</param>
    public BuiltPack Build(string packId, string version, IReadOnlyDictionary<string, int> components,
        IReadOnlyDictionary<string, string> flows, string seed, string secretKey = "API_TOKEN")
    {
        var dir = Path.Combine(root, $"{packId}-{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "components"));
        Directory.CreateDirectory(Path.Combine(dir, "flows"));
        var yaml = new StringBuilder($"""
            pack_id: {packId}
            version: {version}
            kind: provider
            publisher: greentic-tests
            secret_requirements:
              - key: {secretKey}
                required: true
                format: text
                description: token for {packId}
            components:

            """);
        var wasm = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, size) in components)
        {
            yaml.Append($"""
                  - id: {id}
                    world: greentic:provider/schema-core@1.0.0
                    supports: [messaging]
                    operations: [invoke]

                """);
            wasm[id] = Wasm($"{seed}/{packId}/{id}", size);
            File.WriteAllBytes(Path.Combine(dir, "components", id + ".wasm"), wasm[id]);
        }
        File.WriteAllText(Path.Combine(dir, "pack.yaml"), yaml.ToString());
        foreach (var (id, marker) in flows)
            File.WriteAllText(Path.Combine(dir, "flows", id + ".ygtc"), $"""
                id: {id}
                type: messaging
                schema_version: 2
                start: n1
                nodes:
                  n1:
                    emit.text: "{marker}"
                    out: end
                """);
        var bytes = PackBuilder.BuildToFile(dir, dir + ".gtpack", key);
        return new BuiltPack(packId, version, bytes, wasm);
    }

    /// <summary>
    /// A provider pack around real components: each provider's component under <c>components/&lt;id&gt;.wasm</c> with the
    /// capabilities given (upstream's YAML shape, e.g. <c>{host: {state: {read: true, write: true}}}</c>), declared in the
    /// provider extension, and the pack's secret requirements.
    /// </summary>
    public BuiltPack BuildProviderPack(string packId, string version, IReadOnlyList<PackedProvider> providers, IReadOnlyList<string>? secretKeys = null)
    {
        var dir = Path.Combine(root, $"{packId}-{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "components"));
        var yaml = new StringBuilder($"""
            pack_id: {packId}
            version: {version}
            kind: provider
            publisher: greentic-tests

            """);
        if (secretKeys is { Count: > 0 })
        {
            yaml.Append("secret_requirements:\n");
            foreach (var key in secretKeys) yaml.Append($"  - {{key: {key}, required: true, format: text}}\n");
        }
        yaml.Append("components:\n");
        var wasm = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var p in providers.DistinctBy(p => p.ComponentId))
        {
            yaml.Append($"  - {{id: {p.ComponentId}, world: \"greentic:provider/schema-core@1.0.0\", supports: [messaging], operations: [invoke], capabilities: {p.CapabilitiesYaml}}}\n");
            wasm[p.ComponentId] = p.Wasm;
            File.WriteAllBytes(Path.Combine(dir, "components", p.ComponentId + ".wasm"), p.Wasm);
        }
        yaml.Append("providers:\n");
        foreach (var p in providers)
            yaml.Append($"  - {{provider_type: {p.ProviderType}, capabilities: [messaging], ops: [{string.Join(", ", p.Ops)}], " +
                        $"runtime: {{component_ref: {p.ComponentId}, export: schema-core-api, world: \"greentic:provider/schema-core@1.0.0\"}}}}\n");
        File.WriteAllText(Path.Combine(dir, "pack.yaml"), yaml.ToString());
        var bytes = PackBuilder.BuildToFile(dir, dir + ".gtpack", key);
        return new BuiltPack(packId, version, bytes, wasm);
    }

    /// <summary>Bytes that look like a wasm module header followed by deterministic noise.</summary>
    public static byte[] Wasm(string seed, int size)
    {
        var bytes = new byte[Math.Max(size, 8)];
        "\0asm\u0001\0\0\0"u8.CopyTo(bytes);
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        for (int offset = 8; offset < bytes.Length; offset += block.Length)
        {
            block = SHA256.HashData(block);
            block.AsSpan(0, Math.Min(block.Length, bytes.Length - offset)).CopyTo(bytes.AsSpan(offset));
        }
        return bytes;
    }
}

/// <summary>A provider for <see cref="TestPackBuilder.BuildProviderPack"/>: its type, the component implementing it and that component's grants.</summary>
public sealed record PackedProvider(string ProviderType, string ComponentId, byte[] Wasm, string CapabilitiesYaml = "{wasi: {clocks: true, random: true}, host: {}}")
{
    public IReadOnlyList<string> Ops { get; init; } = ["invoke"];
}
