using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Building;

/// <summary>
/// Builds a <c>.gtpack</c> from a source directory:
/// <code>
/// pack.yaml                  the pack description (schema below)
/// components/&lt;id&gt;.wasm       one component each (required for every component)
/// components/&lt;id&gt;.yaml       optional component manifest (also accepted: &lt;id&gt;.manifest.yaml)
/// flows/*.ygtc               flows (YAML), embedded in the manifest
/// assets/**                  any files, copied under assets/
/// </code>
/// <para><b>pack.yaml schema</b> (keys are the manifest's, CONTRACTS.md §2):</para>
/// <code>
/// schema_version: 1                 # optional (default 1)
/// pack_id: greentic.demo            # required; letters, digits, '.', '-', '_'
/// name: Demo                        # optional
/// version: 1.0.0                    # required; semantic version (quote it if YAML would read a number)
/// kind: application                 # application | provider | infrastructure | library (default application)
/// publisher: greentic               # required
/// components:                       # optional metadata for components/&lt;id&gt;.wasm (a components/&lt;id&gt;.yaml file wins)
///   - id: echo
///     version: 0.1.0                # default: the pack version
///     world: greentic:provider/schema-core@1.0.0
///     supports: [messaging]
///     capabilities: {host: {state: {read: true, write: true}, secrets: {}}}
///     operations: [invoke]          # names, or {name, input_schema, output_schema}
///     config_schema: {...}          # any other keys are kept as they are
/// flows:                            # optional per-flow settings, matched by id (default: every flows/*.ygtc)
///   - id: main                      # the flow's `id:` field, else its file name
///     kind: messaging               # default: the flow's `type:` field, else messaging
///     tags: [demo]
///     entrypoints: [default]
/// dependencies: [{alias, pack_id, version_req, required_capabilities: []}]
/// capabilities: [{name, description}]
/// secret_requirements: [{key, required, description, scope: {env, tenant, team}, format: text, schema, examples: []}]
/// providers:                        # written as extension greentic.provider-extension.v1
///   - provider_type: messaging.telegram.bot
///     capabilities: [messaging]
///     ops: [send_payload]
///     config_schema_ref: assets/telegram.schema.json
///     runtime: {component_ref: echo, export: schema-core-api, world: greentic:provider/schema-core@1.0.0}
/// extensions: {key: {kind, version, digest, location, inline}}
/// </code>
/// Symbolic links in the source are refused. The output is deterministic: the same sources give the same bytes.
/// </summary>
public static class PackBuilder
{
    public const string PackFile = "pack.yaml";

    public static PackArchive Build(string dir)
    {
        dir = Path.GetFullPath(dir);
        var packYaml = Path.Combine(dir, PackFile);
        if (!File.Exists(packYaml)) throw new PackFormatException(dir, $"no {PackFile}");
        var what = PackFile;
        var doc = new CborFields(YamlCbor.Parse(File.ReadAllText(packYaml), what), what, "");
        var version = doc.OptTextOrInt("version") ?? throw doc.Error("version", "is required");

        // Components: every components/*.wasm, with metadata from its own yaml, else pack.yaml, else defaults.
        var declared = doc.List("components", (v, p) => new CborFields(v, what, p));
        var wasm = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var components = new List<CborValue>();
        var compDir = Path.Combine(dir, "components");
        var wasmFiles = Directory.Exists(compDir) ? Directory.GetFiles(compDir, "*.wasm").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in wasmFiles)
        {
            RefuseLink(file);
            var id = Path.GetFileNameWithoutExtension(file);
            if (!Ids.IsValid(id)) throw new PackFormatException(file, $"'{id}' is not a valid component id");
            CborMap meta = declared.FirstOrDefault(d => d.OptText("id") == id)?.Map ?? CborMap.Empty;
            foreach (var yml in new[] { $"{id}.yaml", $"{id}.yml", $"{id}.manifest.yaml" })
            {
                var p = Path.Combine(compDir, yml);
                if (!File.Exists(p)) continue;
                RefuseLink(p);
                meta = YamlCbor.Parse(File.ReadAllText(p), $"components/{yml}") as CborMap
                    ?? throw new PackFormatException($"components/{yml}", "must be a YAML map");
                break;
            }
            meta = meta.With("id", id);
            if (meta["version"] is null) meta = meta.With("version", version);
            if (meta["operations"] is CborArray ops)
                meta = meta.With("operations", new CborArray(ops.Items.Select(o => o is CborText t ? CborMap.Of(("name", t)) : o)));
            components.Add(meta);
            wasm[id] = File.ReadAllBytes(file);
        }
        foreach (var d in declared)
            if (d.OptText("id") is { } id && !wasm.ContainsKey(id))
                throw new PackFormatException(what, $"component '{id}' is declared but components/{id}.wasm does not exist");

        // Flows: every flows/*.ygtc.
        var flowSettings = doc.List("flows", (v, p) => new CborFields(v, what, p));
        var flows = new List<CborValue>();
        var flowDir = Path.Combine(dir, "flows");
        var flowFiles = Directory.Exists(flowDir) ? Directory.GetFiles(flowDir, "*.ygtc").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in flowFiles)
        {
            RefuseLink(file);
            var rel = $"flows/{Path.GetFileName(file)}";
            var flow = YamlCbor.Parse(File.ReadAllText(file), rel);
            var ff = new CborFields(flow, rel, "");
            var id = ff.OptText("id") ?? Path.GetFileNameWithoutExtension(file);
            var settings = flowSettings.FirstOrDefault(s => s.OptText("id") == id);
            flows.Add(new CborMapBuilder()
                .Add("id", id)
                .Add("kind", settings?.OptText("kind") ?? ff.OptText("type") ?? "messaging")
                .Add("flow", flow)
                .Add("tags", settings?.TextList("tags") ?? [])
                .Add("entrypoints", settings?.TextList("entrypoints") ?? [])
                .Build());
        }
        foreach (var s in flowSettings)
            if (s.OptText("id") is { } id && flows.All(f => ((CborText)((CborMap)f)["id"]!).Value != id))
                throw new PackFormatException(what, $"flow '{id}' is configured but no flows/*.ygtc defines it");

        var raw = new CborMapBuilder()
            .Add("schema_version", doc.Raw("schema_version") ?? new CborInteger(1))
            .Add("pack_id", doc.Raw("pack_id"))
            .Add("name", doc.Raw("name"))
            .Add("version", version)
            .Add("kind", doc.Raw("kind"))
            .Add("publisher", doc.Raw("publisher"))
            .Add("components", new CborArray(components))
            .Add("flows", new CborArray(flows))
            .Add("dependencies", doc.Raw("dependencies"))
            .Add("capabilities", doc.Raw("capabilities"))
            .Add("secret_requirements", doc.Raw("secret_requirements"))
            .Add("extensions", doc.Raw("extensions"))
            .Build();
        var manifest = PackManifest.FromCbor(raw, what);
        var providers = doc.List("providers", (v, p) => ProviderDecl.FromCbor(v, what, p));
        if (providers.Count > 0)
        {
            foreach (var p in providers)
                if (!wasm.ContainsKey(p.Runtime.ComponentRef))
                    throw new PackFormatException(what, $"provider '{p.ProviderType}' runs component '{p.Runtime.ComponentRef}', which the pack does not contain");
            manifest = manifest.WithProviders(providers);
        }

        var assets = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var assetDir = Path.Combine(dir, "assets");
        if (Directory.Exists(assetDir))
            foreach (var file in Directory.EnumerateFiles(assetDir, "*", SearchOption.AllDirectories))
            {
                RefuseLink(file);
                assets[Path.GetRelativePath(assetDir, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(file);
            }
        return PackAssembler.Assemble(manifest, wasm, assets);
    }

    /// <summary>Builds, optionally signs, and writes the pack; returns the bytes written.</summary>
    public static byte[] BuildToFile(string dir, string output, Ed25519PrivateKey? key = null)
    {
        var archive = Build(dir);
        if (key is not null) archive = PackSigner.Sign(GtPack.FromArchive(archive, Path.GetFileName(output)), key);
        var bytes = GtpackWriter.Write(archive);
        var tmp = output + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, output, overwrite: true);
        return bytes;
    }

    private static void RefuseLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null) throw new PackFormatException(path, "symbolic links are not allowed in pack sources");
    }
}
