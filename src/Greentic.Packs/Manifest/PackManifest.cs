using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

public enum PackKind { Application, Provider, Infrastructure, Library }

/// <summary>
/// <c>manifest.cbor</c> (CONTRACTS.md §2). CBOR keys are the snake_case names in the contract; optional
/// fields that are absent are left out of the encoding. Signing and verification work on the raw CBOR map
/// (see <see cref="Signing.PackSigner"/>), so fields this model does not know are still covered.
/// </summary>
public sealed record PackManifest
{
    public const string FileName = "manifest.cbor";

    public string SchemaVersion { get; init; } = "1";
    public required string PackId { get; init; }
    public string? Name { get; init; }
    public required string Version { get; init; }
    public PackKind Kind { get; init; } = PackKind.Application;
    public required string Publisher { get; init; }
    public IReadOnlyList<ComponentManifest> Components { get; init; } = [];
    public IReadOnlyList<FlowEntry> Flows { get; init; } = [];
    public IReadOnlyList<PackDependency> Dependencies { get; init; } = [];
    public IReadOnlyList<CapabilityDecl> Capabilities { get; init; } = [];
    public IReadOnlyList<SecretRequirement> SecretRequirements { get; init; } = [];
    public IReadOnlyList<PackSignature> Signatures { get; init; } = [];
    public IReadOnlyDictionary<string, ExtensionEntry> Extensions { get; init; } = new Dictionary<string, ExtensionEntry>();

    public SemVersion SemVersion => SemVersion.Parse(Version);

    public static string KindName(PackKind k) => k.ToString().ToLowerInvariant();

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("schema_version", SchemaVersion)
        .Add("pack_id", PackId)
        .Add("name", Name)
        .Add("version", Version)
        .Add("kind", KindName(Kind))
        .Add("publisher", Publisher)
        .Add("components", new CborArray(Components.Select(c => (CborValue)c.ToCbor())))
        .Add("flows", new CborArray(Flows.Select(f => (CborValue)f.ToCbor())))
        .Add("dependencies", new CborArray(Dependencies.Select(d => (CborValue)d.ToCbor())))
        .Add("capabilities", new CborArray(Capabilities.Select(c => (CborValue)c.ToCbor())))
        .Add("secret_requirements", new CborArray(SecretRequirements.Select(s => (CborValue)s.ToCbor())))
        .Add("signatures", PackSignature.ToBlock(Signatures))
        .Add("extensions", new CborMap(Extensions.Select(kv => new KeyValuePair<CborValue, CborValue>(new CborText(kv.Key), kv.Value.ToCbor()))))
        .Build();

    public byte[] Encode() => CanonicalCbor.Encode(ToCbor());

    /// <summary>Decodes and validates canonical manifest bytes.</summary>
    public static PackManifest Decode(ReadOnlyMemory<byte> bytes, string pack) =>
        FromCbor(CanonicalCbor.Decode(bytes, pack), pack);

    public static PackManifest FromCbor(CborValue value, string pack)
    {
        var f = new CborFields(value, pack, "");
        var version = f.Text("version");
        if (!SemVersion.TryParse(version, out _)) throw f.Error("version", $"'{version}' is not a semantic version");
        var kindText = f.OptText("kind") ?? "application";
        if (!Enum.TryParse<PackKind>(kindText, ignoreCase: true, out var kind) || kindText != kindText.ToLowerInvariant() || int.TryParse(kindText, out _))
            throw f.Error("kind", $"'{kindText}' is not one of application, provider, infrastructure, library");
        var packId = f.Text("pack_id");
        Ids.Check(packId, pack, "pack_id");
        var extensions = new Dictionary<string, ExtensionEntry>(StringComparer.Ordinal);
        if (f.Raw("extensions") is { } ext)
        {
            var ef = new CborFields(ext, pack, "extensions");
            foreach (var kv in ef.Map.Entries)
            {
                if (kv.Key is not CborText k) throw ef.Error("?", "has a non-text key");
                extensions[k.Value] = ExtensionEntry.FromCbor(kv.Value, pack, $"extensions.{k.Value}");
            }
        }
        var m = new PackManifest
        {
            SchemaVersion = f.OptTextOrInt("schema_version") ?? throw f.Error("schema_version", "is required"),
            PackId = packId,
            Name = f.OptText("name"),
            Version = version,
            Kind = kind,
            Publisher = f.Text("publisher"),
            Components = f.List("components", (v, p) => ComponentManifest.FromCbor(v, pack, p)),
            Flows = f.List("flows", (v, p) => FlowEntry.FromCbor(v, pack, p)),
            Dependencies = f.List("dependencies", (v, p) => PackDependency.FromCbor(v, pack, p)),
            Capabilities = f.List("capabilities", (v, p) => CapabilityDecl.FromCbor(v, pack, p)),
            SecretRequirements = f.List("secret_requirements", (v, p) => SecretRequirement.FromCbor(v, pack, p)),
            Signatures = PackSignature.FromBlock(f.Raw("signatures"), pack),
            Extensions = extensions,
        };
        Unique(m.Components.Select(c => c.Id), pack, "component id");
        Unique(m.Flows.Select(c => c.Id), pack, "flow id");
        return m;
    }

    private static void Unique(IEnumerable<string> ids, string pack, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
            if (!seen.Add(id)) throw new PackFormatException(pack, $"duplicate {what} '{id}'");
    }
}

/// <summary>Identifier rules for pack, component and flow ids (they become file names).</summary>
public static class Ids
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 128 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    internal static void Check(string id, string pack, string field)
    {
        if (!IsValid(id)) throw new PackFormatException(pack, $"field '{field}': '{id}' is not a valid id (letters, digits, '.', '-', '_'; at most 128)");
    }
}

/// <summary>A component as the manifest describes it (also stored alone as <c>components/&lt;id&gt;.manifest.cbor</c>).</summary>
public sealed record ComponentManifest
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    /// <summary>Flow kinds the component can serve (messaging, webhook, timer, job, ...).</summary>
    public IReadOnlyList<string> Supports { get; init; } = [];
    /// <summary>WIT world, e.g. <c>greentic:provider/schema-core@1.0.0</c>.</summary>
    public string World { get; init; } = "";
    public CborValue? Profiles { get; init; }
    /// <summary>Capabilities the component asks for: a map (e.g. <c>{host: {state: {...}, secrets: {...}}}</c>) or a list of names.</summary>
    public CborValue? Capabilities { get; init; }
    public IReadOnlyList<ComponentOperation> Operations { get; init; } = [];
    public CborValue? ConfigSchema { get; init; }
    /// <summary>Other fields, kept as they came.</summary>
    public IReadOnlyDictionary<string, CborValue> Extra { get; init; } = new Dictionary<string, CborValue>();

    public static string WasmPath(string id) => $"components/{id}.wasm";
    public static string ManifestPath(string id) => $"components/{id}.manifest.cbor";

    /// <summary>True when the component's capabilities grant <paramref name="name"/> (e.g. "state", "secrets", "http"):
    /// a list containing it, or a map with it (directly or under <c>host</c>) set to anything but false/null.</summary>
    public bool Grants(string name)
    {
        static bool In(CborValue? v, string name) => v switch
        {
            CborArray a => a.Items.Any(i => i is CborText t && (t.Value == name || t.Value == "host." + name)),
            CborMap m => m[name] is { } x && x is not CborNull && x is not CborBool { Value: false },
            _ => false,
        };
        return In(Capabilities, name) || (Capabilities is CborMap m && In(m["host"], name));
    }

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("id", Id)
        .Add("version", Version)
        .Add("supports", Supports)
        .Add("world", World)
        .Add("profiles", Profiles)
        .Add("capabilities", Capabilities)
        .Add("operations", new CborArray(Operations.Select(o => (CborValue)o.ToCbor())))
        .Add("config_schema", ConfigSchema)
        .AddExtra(Extra)
        .Build();

    internal static readonly string[] Known = ["id", "version", "supports", "world", "profiles", "capabilities", "operations", "config_schema"];

    public static ComponentManifest FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        var id = f.Text("id");
        Ids.Check(id, pack, $"{path}.id");
        return new ComponentManifest
        {
            Id = id,
            Version = f.Text("version"),
            Supports = f.TextList("supports"),
            World = f.OptText("world") ?? "",
            Profiles = f.Raw("profiles"),
            Capabilities = f.Raw("capabilities"),
            Operations = f.List("operations", (x, p) => ComponentOperation.FromCbor(x, pack, p)),
            ConfigSchema = f.Raw("config_schema"),
            Extra = f.Extra(Known),
        };
    }

    public static ComponentManifest Decode(ReadOnlyMemory<byte> bytes, string what) =>
        FromCbor(CanonicalCbor.Decode(bytes, what), what, "");
}

public sealed record ComponentOperation(string Name, CborValue? InputSchema = null, CborValue? OutputSchema = null)
{
    public CborMap ToCbor() => new CborMapBuilder().Add("name", Name).Add("input_schema", InputSchema).Add("output_schema", OutputSchema).Build();

    internal static ComponentOperation FromCbor(CborValue v, string pack, string path)
    {
        if (v is CborText t) return new ComponentOperation(t.Value);
        var f = new CborFields(v, pack, path);
        return new ComponentOperation(f.Text("name"), f.Raw("input_schema"), f.Raw("output_schema"));
    }
}

/// <summary>A flow embedded in the manifest: its id, kind and the flow document itself (from the <c>.ygtc</c> YAML).</summary>
public sealed record FlowEntry
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public required CborValue Flow { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Entrypoints { get; init; } = [];

    /// <summary>The flow document as JSON.</summary>
    public string FlowJson => CborJson.ToJsonString(Flow);

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("id", Id).Add("kind", Kind).Add("flow", Flow).Add("tags", Tags).Add("entrypoints", Entrypoints).Build();

    internal static FlowEntry FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        var id = f.Text("id");
        Ids.Check(id, pack, $"{path}.id");
        var entry = f.Raw("entrypoints");
        return new FlowEntry
        {
            Id = id,
            Kind = f.Text("kind"),
            Flow = f.Raw("flow") ?? throw f.Error("flow", "is required"),
            Tags = f.TextList("tags"),
            Entrypoints = entry is CborMap em ? em.Entries.Select(e => e.Key.ToString()!).ToArray() : f.TextList("entrypoints"),
        };
    }
}

public sealed record PackDependency(string Alias, string PackId, string VersionReq, IReadOnlyList<string> RequiredCapabilities)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("alias", Alias).Add("pack_id", PackId).Add("version_req", VersionReq).Add("required_capabilities", RequiredCapabilities).Build();

    internal static PackDependency FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        return new PackDependency(f.Text("alias"), f.Text("pack_id"), f.Text("version_req"), f.TextList("required_capabilities"));
    }
}

public sealed record CapabilityDecl(string Name, string? Description = null)
{
    public CborMap ToCbor() => new CborMapBuilder().Add("name", Name).Add("description", Description).Build();

    internal static CapabilityDecl FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        return new CapabilityDecl(f.Text("name"), f.OptText("description"));
    }
}

public sealed record SecretScope(string Env, string Tenant, string? Team = null)
{
    public CborMap ToCbor() => new CborMapBuilder().Add("env", Env).Add("tenant", Tenant).Add("team", Team).Build();
}

/// <summary>Mirrors the distributor's <c>secret-requirement</c>: format is bytes | text | json.</summary>
public sealed record SecretRequirement
{
    public required string Key { get; init; }
    public bool Required { get; init; } = true;
    public string? Description { get; init; }
    public SecretScope? Scope { get; init; }
    public string? Format { get; init; }
    public CborValue? Schema { get; init; }
    public IReadOnlyList<string> Examples { get; init; } = [];

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("key", Key).Add("required", Required).Add("description", Description).Add("scope", Scope?.ToCbor())
        .Add("format", Format).Add("schema", Schema).Add("examples", Examples).Build();

    internal static SecretRequirement FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        var format = f.OptText("format");
        if (format is not null and not ("bytes" or "text" or "json")) throw f.Error("format", $"'{format}' is not one of bytes, text, json");
        SecretScope? scope = null;
        if (f.Raw("scope") is { } s)
        {
            var sf = new CborFields(s, pack, $"{path}.scope");
            scope = new SecretScope(sf.Text("env"), sf.Text("tenant"), sf.OptText("team"));
        }
        return new SecretRequirement
        {
            Key = f.Text("key"), Required = f.Bool("required", true), Description = f.OptText("description"),
            Scope = scope, Format = format, Schema = f.Raw("schema"), Examples = f.TextList("examples"),
        };
    }
}

/// <summary>One signature over the manifest with <c>signatures</c> cleared. <see cref="Signature"/> is 64 bytes for ed25519.</summary>
public sealed record PackSignature(string KeyId, string Algorithm, byte[] Signature)
{
    public CborMap ToCbor() => new CborMapBuilder().Add("key_id", KeyId).Add("algorithm", Algorithm).Add("signature", new CborBytes(Signature)).Build();

    /// <summary>The manifest's <c>signatures</c> value: <c>{signatures: [...]}</c>.</summary>
    public static CborMap ToBlock(IEnumerable<PackSignature> sigs) =>
        new CborMapBuilder().Add("signatures", new CborArray(sigs.Select(s => (CborValue)s.ToCbor()))).Build();

    public static IReadOnlyList<PackSignature> FromBlock(CborValue? v, string pack)
    {
        if (v is null) return [];
        var f = new CborFields(v, pack, "signatures");
        return f.List("signatures", (x, p) =>
        {
            var sf = new CborFields(x, pack, p);
            return new PackSignature(sf.Text("key_id"), sf.Text("algorithm"), sf.Bytes("signature"));
        });
    }
}

/// <summary>An entry of <c>extensions</c>: <c>{kind, version, digest?, location?, inline?}</c>.</summary>
public sealed record ExtensionEntry(string Kind, string Version, string? Digest = null, string? Location = null, CborValue? Inline = null)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("kind", Kind).Add("version", Version).Add("digest", Digest).Add("location", Location).Add("inline", Inline).Build();

    internal static ExtensionEntry FromCbor(CborValue v, string pack, string path)
    {
        var f = new CborFields(v, pack, path);
        return new ExtensionEntry(f.Text("kind"), f.OptTextOrInt("version") ?? throw f.Error("version", "is required"),
            f.OptText("digest"), f.OptText("location"), f.Raw("inline"));
    }
}
