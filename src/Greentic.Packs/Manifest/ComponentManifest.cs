using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>
/// A component as upstream's <c>ComponentManifest</c> describes it: embedded in <c>manifest.cbor</c> (id as a symbol
/// index) and stored alone as <c>components/&lt;id&gt;.manifest.cbor</c> (id as text). Schema-like values
/// (<c>configurators</c>, <c>config_schema</c>, <c>resources</c>, <c>dev_flows</c>) are kept as CBOR; unknown keys
/// are kept in <see cref="Extra"/>.
/// </summary>
public sealed record ComponentManifest
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    /// <summary>Flow kinds the component serves (upstream's FlowKind: messaging, event, component_config, job, http).</summary>
    public IReadOnlyList<string> Supports { get; init; } = [];
    /// <summary>WIT world, e.g. <c>greentic:component/component@0.5.0</c>.</summary>
    public string World { get; init; } = "";
    public ComponentProfiles Profiles { get; init; } = ComponentProfiles.None;
    public ComponentCapabilities Capabilities { get; init; } = ComponentCapabilities.None;
    public CborValue? Configurators { get; init; }
    public IReadOnlyList<ComponentOperation> Operations { get; init; } = [];
    public CborValue? ConfigSchema { get; init; }
    public CborValue? Resources { get; init; }
    public CborValue? DevFlows { get; init; }
    /// <summary>Other fields, kept as they came.</summary>
    public IReadOnlyDictionary<string, CborValue> Extra { get; init; } = new Dictionary<string, CborValue>();

    public static string WasmPath(string id) => $"components/{id}.wasm";
    public static string ManifestPath(string id) => $"components/{id}.manifest.cbor";

    /// <summary>Shorthand for <see cref="ComponentCapabilities.Grants"/>.</summary>
    public bool Grants(string name) => Capabilities.Grants(name);

    /// <summary>The stand-alone form (<c>components/&lt;id&gt;.manifest.cbor</c>): the id as text.</summary>
    public CborMap ToCbor() => ToCbor(null);

    internal CborMap ToCbor(ManifestSymbols? symbols) => new CborMapBuilder()
        .Add("id", symbols?.Ref(ManifestSymbols.ComponentIds, Id) ?? new CborText(Id))
        .Add("version", Version)
        .Add("supports", Supports)
        .Add("world", World)
        .Add("profiles", Profiles.ToCbor())
        .Add("capabilities", Capabilities.Raw)
        .Add("configurators", Configurators)
        .Add("operations", new CborArray(Operations.Select(o => (CborValue)o.ToCbor())))
        .Add("config_schema", ConfigSchema)
        // upstream requires resources (an empty map is "no hints")
        .Add("resources", Resources ?? CborMap.Empty)
        .Add("dev_flows", DevFlows)
        .AddExtra(Extra)
        .Build();

    internal static readonly string[] Known =
        ["id", "version", "supports", "world", "profiles", "capabilities", "configurators", "operations", "config_schema", "resources", "dev_flows"];

    public static ComponentManifest FromCbor(CborValue v, string pack, string path) => FromCbor(v, pack, path, null);

    internal static ComponentManifest FromCbor(CborValue v, string pack, string path, ManifestSymbols? symbols)
    {
        var f = new CborFields(v, pack, path);
        var id = f.Symbol("id", symbols, ManifestSymbols.ComponentIds);
        Ids.Check(id, pack, f.PathOf("id"));
        return new ComponentManifest
        {
            Id = id,
            Version = f.OptTextOrInt("version") ?? throw f.Error("version", "is required"),
            Supports = f.TextList("supports"),
            World = f.OptText("world") ?? "",
            Profiles = ComponentProfiles.FromCbor(f.OptMap("profiles")),
            Capabilities = ComponentCapabilities.FromCbor(f.Raw("capabilities"), pack, f.PathOf("capabilities")),
            Configurators = f.Raw("configurators"),
            Operations = f.List("operations", (x, p) => ComponentOperation.FromCbor(x, pack, p)),
            ConfigSchema = f.Raw("config_schema"),
            Resources = f.Raw("resources"),
            DevFlows = f.Raw("dev_flows"),
            Extra = f.Extra(Known),
        };
    }

    /// <summary>Decodes a stand-alone component manifest file.</summary>
    public static ComponentManifest Decode(ReadOnlyMemory<byte> bytes, string what) => FromCbor(CborDecoder.Decode(bytes, what), what, "");
}

/// <summary>An operation a component exports. Upstream requires both schemas; absent ones are written as null.</summary>
public sealed record ComponentOperation(string Name, CborValue? InputSchema = null, CborValue? OutputSchema = null)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("name", Name).Add("input_schema", InputSchema ?? CborValue.Null).Add("output_schema", OutputSchema ?? CborValue.Null).Build();

    internal static ComponentOperation FromCbor(CborValue v, string pack, string path)
    {
        if (v is CborText t) return new ComponentOperation(t.Value);
        var f = new CborFields(v, pack, path);
        return new ComponentOperation(f.Text("name"), f.Raw("input_schema"), f.Raw("output_schema"));
    }
}

/// <summary>The profiles a component supports and its default one.</summary>
public sealed record ComponentProfiles(string? Default, IReadOnlyList<string> Supported)
{
    public static readonly ComponentProfiles None = new(null, []);

    public CborMap ToCbor() => new CborMapBuilder().Add("default", Default).Add("supported", Supported).Build();

    internal static ComponentProfiles FromCbor(CborFields? f) => f is null ? None : new(f.OptText("default"), f.TextList("supported"));
}
