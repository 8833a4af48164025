using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Building;

/// <summary>
/// Builds a <c>.gtpack</c> in upstream's <c>pack-v1</c> format from a source directory:
/// <code>
/// pack.yaml                  the pack description (schema below)
/// components/&lt;id&gt;.wasm       one component each (required for every component)
/// components/&lt;id&gt;.yaml       optional component manifest (also accepted: &lt;id&gt;.manifest.yaml)
/// flows/*.ygtc               flows (YAML), compiled to flow-v1 graphs (see FlowCompiler) and embedded
/// assets/**                  any files, copied under assets/
/// fixtures/**, schemas/**    copied at the same paths (fixtures: request → expected JSON pairs)
/// </code>
/// <para><b>pack.yaml schema</b> (keys are the manifest's):</para>
/// <code>
/// pack_id: greentic.demo            # required; letters, digits, '.', '-', '_'
/// name: Demo                        # optional
/// version: 1.0.0                    # required; semantic version (quote it if YAML would read a number)
/// kind: application                 # application | provider | infrastructure | library (default application)
/// publisher: greentic               # required
/// components:                       # optional metadata for components/&lt;id&gt;.wasm (a components/&lt;id&gt;.yaml file wins)
///   - id: echo
///     version: 0.1.0                # default: the pack version
///     world: greentic:provider/schema-core@1.0.0
///     supports: [messaging]         # flow kinds: messaging, event, component_config, job, http
///     capabilities:                 # upstream's shape; absent host capabilities are not granted
///       wasi: {clocks: true, random: true}
///       host: {state: {read: true, write: true}, secrets: {required: []}, http: {client: true}, telemetry: {scope: node}}
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
///     config_schema_ref: schemas/telegram.schema.json
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
        const string what = PackFile;
        var doc = new CborFields(YamlCbor.Parse(File.ReadAllText(packYaml), what), what, "");
        var version = doc.OptTextOrInt("version") ?? throw doc.Error("version", "is required");
        if (!SemVersion.TryParse(version, out _)) throw doc.Error("version", $"'{version}' is not a semantic version");
        var kindText = doc.OptText("kind") ?? "application";
        if (!Enum.TryParse<PackKind>(kindText, ignoreCase: true, out var kind) || kindText != kindText.ToLowerInvariant() || int.TryParse(kindText, out _))
            throw doc.Error("kind", $"'{kindText}' is not one of application, provider, infrastructure, library");
        var packId = doc.Text("pack_id");
        Ids.Check(packId, what, "pack_id");

        var (components, wasm) = ReadComponents(dir, doc, version);
        var flows = ReadFlows(dir, doc, components.Select(c => c.Id).ToArray());
        var extensions = new Dictionary<string, ExtensionEntry>(StringComparer.Ordinal);
        if (doc.OptMap("extensions") is { } ef)
            foreach (var kv in ef.Map.Entries)
                extensions[kv.Key.ToString()!] = ExtensionEntry.FromCbor(kv.Value, what, $"extensions.{kv.Key}");
        var manifest = new PackManifest
        {
            PackId = packId,
            Name = doc.OptText("name"),
            Version = version,
            Kind = kind,
            Publisher = doc.Text("publisher"),
            Components = components,
            Flows = flows,
            Dependencies = doc.List("dependencies", (v, p) => PackDependency.FromCbor(v, what, p, null)),
            Capabilities = doc.List("capabilities", (v, p) => CapabilityDecl.FromCbor(v, what, p, null)),
            SecretRequirements = doc.List("secret_requirements", (v, p) => SecretRequirement.FromCbor(v, what, p)),
            Extensions = extensions,
        };
        var providers = doc.List("providers", (v, p) => ProviderDecl.FromCbor(v, what, p));
        if (providers.Count > 0)
        {
            foreach (var p in providers)
                if (!wasm.ContainsKey(p.Runtime.ComponentRef))
                    throw new PackFormatException(what, $"provider '{p.ProviderType}' runs component '{p.Runtime.ComponentRef}', which the pack does not contain");
            manifest = manifest.WithProviders(providers);
        }
        var files = ReadTree(dir, "fixtures", keepFolder: true);
        foreach (var (path, data) in ReadTree(dir, "schemas", keepFolder: true)) files[path] = data;
        return PackAssembler.Assemble(manifest, wasm, ReadTree(dir, "assets", keepFolder: false), files);
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

    /// <summary>Every components/*.wasm, with metadata from its own yaml, else pack.yaml, else defaults.</summary>
    private static (List<ComponentManifest>, SortedDictionary<string, ReadOnlyMemory<byte>>) ReadComponents(string dir, CborFields doc, string version)
    {
        var declared = doc.List("components", (v, p) => new CborFields(v, PackFile, p));
        var wasm = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var components = new List<ComponentManifest>();
        var compDir = Path.Combine(dir, "components");
        var files = Directory.Exists(compDir) ? Directory.GetFiles(compDir, "*.wasm").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in files)
        {
            RefuseLink(file);
            var id = Path.GetFileNameWithoutExtension(file);
            if (!Ids.IsValid(id)) throw new PackFormatException(file, $"'{id}' is not a valid component id");
            CborMap meta = declared.FirstOrDefault(d => d.OptText("id") == id)?.Map ?? CborMap.Empty;
            var source = PackFile;
            foreach (var yml in new[] { $"{id}.yaml", $"{id}.yml", $"{id}.manifest.yaml" })
            {
                var p = Path.Combine(compDir, yml);
                if (!File.Exists(p)) continue;
                RefuseLink(p);
                source = $"components/{yml}";
                meta = YamlCbor.Parse(File.ReadAllText(p), source) as CborMap ?? throw new PackFormatException(source, "must be a YAML map");
                break;
            }
            meta = meta.With("id", id);
            if (meta["version"] is null) meta = meta.With("version", version);
            var component = ComponentManifest.FromCbor(meta, source, source == PackFile ? $"components[{id}]" : "");
            foreach (var kind in component.Supports) FlowKinds.Check(kind, source, $"component '{id}' supports");
            components.Add(component);
            wasm[id] = File.ReadAllBytes(file);
        }
        foreach (var d in declared)
            if (d.OptText("id") is { } id && !wasm.ContainsKey(id))
                throw new PackFormatException(PackFile, $"component '{id}' is declared but components/{id}.wasm does not exist");
        return (components, wasm);
    }

    /// <summary>Every flows/*.ygtc, compiled, with tags and entrypoints from pack.yaml.</summary>
    private static List<FlowEntry> ReadFlows(string dir, CborFields doc, IReadOnlyCollection<string> componentIds)
    {
        var settings = doc.List("flows", (v, p) => new CborFields(v, PackFile, p));
        var flows = new List<FlowEntry>();
        var flowDir = Path.Combine(dir, "flows");
        var files = Directory.Exists(flowDir) ? Directory.GetFiles(flowDir, "*.ygtc").Order(StringComparer.Ordinal).ToArray() : [];
        foreach (var file in files)
        {
            RefuseLink(file);
            var rel = $"flows/{Path.GetFileName(file)}";
            var source = YamlCbor.Parse(File.ReadAllText(file), rel);
            var id = new CborFields(source, rel, "").OptText("id") ?? Path.GetFileNameWithoutExtension(file);
            Ids.Check(id, rel, "id");
            var s = settings.FirstOrDefault(x => x.OptText("id") == id);
            var graph = FlowCompiler.Compile(s?.OptText("kind") is { } k ? ((CborMap)source).With("type", k) : source, rel, id, componentIds);
            flows.Add(new FlowEntry { Id = id, Kind = graph.Kind, Flow = graph, Tags = s?.TextList("tags") ?? [], Entrypoints = s?.TextList("entrypoints") ?? [] });
        }
        foreach (var s in settings)
            if (s.OptText("id") is { } id && flows.All(f => f.Id != id))
                throw new PackFormatException(PackFile, $"flow '{id}' is configured but no flows/*.ygtc defines it");
        var dup = flows.GroupBy(f => f.Id).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new PackFormatException(PackFile, $"two flows have id '{dup.Key}'");
        return flows;
    }

    /// <summary>Every file under <paramref name="folder"/>, keyed by its path relative to the source root
    /// (<paramref name="keepFolder"/>) or to the folder itself.</summary>
    private static SortedDictionary<string, ReadOnlyMemory<byte>> ReadTree(string dir, string folder, bool keepFolder)
    {
        var result = new SortedDictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        var root = Path.Combine(dir, folder);
        if (!Directory.Exists(root)) return result;
        RefuseLink(root);
        foreach (var sub in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)) RefuseLink(sub);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            RefuseLink(file);
            result[Path.GetRelativePath(keepFolder ? dir : root, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(file);
        }
        return result;
    }

    private static void RefuseLink(string path)
    {
        if (new FileInfo(path).LinkTarget is not null) throw new PackFormatException(path, "symbolic links are not allowed in pack sources");
    }
}
