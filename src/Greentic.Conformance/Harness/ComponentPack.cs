using System.Text;
using Greentic.Packs.Building;
using Greentic.Packs.Index;
using Greentic.Packs.Signing;

namespace Greentic.Conformance.Harness;

/// <summary>
/// Puts component files in front of a control plane the way production does, as a pack: one signed provider pack
/// declaring each component as a provider type (state granted or not), and a pack index giving it to the tenants.
/// Point <c>PACK_INDEX_URL</c> at <see cref="IndexFile"/> and <c>PACK_PUBLIC_KEY</c> at <see cref="PublicKey"/>.
/// </summary>
public sealed class ComponentPack
{
    public const string PackId = "greentic.conformance.components";

    /// <param name="Ops">The ops to declare (the pack's provider extension lists them; calls are not limited to them).</param>
    public sealed record Component(string Path, string ProviderType, bool GrantState, IReadOnlyList<string>? Ops = null);

    private ComponentPack(string indexFile, string publicKey)
    {
        IndexFile = indexFile;
        PublicKey = publicKey;
    }

    public string IndexFile { get; }

    /// <summary>The key the pack and index entries are signed with, as PACK_PUBLIC_KEY wants it.</summary>
    public string PublicKey { get; }

    /// <summary>Writes the pack sources, the signed pack and the index under <paramref name="dir"/>.</summary>
    public static ComponentPack Write(string dir, IReadOnlyList<Component> components, IReadOnlyList<string> tenants)
    {
        var source = Path.Combine(dir, "pack-source");
        Directory.CreateDirectory(Path.Combine(source, "components"));
        var yaml = new StringBuilder($"""
            pack_id: {PackId}
            version: 1.0.0
            kind: provider
            publisher: greentic-conformance
            components:

            """);
        var providers = new StringBuilder("providers:\n");
        for (var i = 0; i < components.Count; i++)
        {
            var c = components[i];
            var id = $"component-{i}";
            File.Copy(c.Path, Path.Combine(source, "components", id + ".wasm"), overwrite: true);
            var state = c.GrantState ? ", state: {read: true, write: true}" : "";
            yaml.Append($$"""
                  - id: {{id}}
                    version: 1.0.0
                    world: greentic:provider/schema-core@1.0.0
                    supports: [messaging]
                    operations: [invoke]
                    capabilities:
                      wasi: {clocks: true, random: true}
                      host: {secrets: {required: []}, http: {client: true}, telemetry: {scope: node}{{state}}}

                """);
            var ops = string.Join(", ", (c.Ops ?? []).Select(o => $"\"{o}\""));
            providers.Append($$"""
                  - provider_type: "{{c.ProviderType}}"
                    capabilities: [conformance]
                    ops: [{{ops}}]
                    runtime: {component_ref: {{id}}, export: schema-core-api, world: "greentic:provider/schema-core@1.0.0"}

                """);
        }
        File.WriteAllText(Path.Combine(source, PackBuilder.PackFile), yaml.Append(providers).ToString());

        var key = Ed25519PrivateKey.Generate();
        var packFile = Path.Combine(dir, "components.gtpack");
        var bytes = PackBuilder.BuildToFile(source, packFile, key);
        var entry = new PackIndexEntry(PackId, "1.0.0", PackDigest.Sha256(bytes), Path.GetFileName(packFile)).SignedWith(key);
        var index = new PackIndex(tenants.ToDictionary(t => t, _ => new TenantPacks(entry, [])));
        var indexFile = Path.Combine(dir, "index.json");
        File.WriteAllBytes(indexFile, index.ToUtf8());
        return new ComponentPack(indexFile, key.PublicKey.ToString());
    }
}
