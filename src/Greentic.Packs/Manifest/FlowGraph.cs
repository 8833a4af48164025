using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>
/// A <c>flow-v1</c> graph (upstream's <c>Flow</c>): <c>{schema_version, id, kind, entrypoints: {name: value},
/// nodes: [...], metadata}</c>. In <c>manifest.cbor</c> node ids and component ids are symbol indexes; here they are
/// names. Input/output mappings, telemetry hints and metadata are kept as CBOR.
/// </summary>
public sealed record FlowGraph
{
    public const string SchemaV1 = "flow-v1";

    public string SchemaVersion { get; init; } = SchemaV1;
    public required string Id { get; init; }
    public required string Kind { get; init; }
    /// <summary>Entry name → value (usually the first node's id).</summary>
    public IReadOnlyDictionary<string, CborValue> Entrypoints { get; init; } = new Dictionary<string, CborValue>();
    public IReadOnlyList<FlowNode> Nodes { get; init; } = [];
    public CborValue Metadata { get; init; } = DefaultMetadata;
    public IReadOnlyDictionary<string, CborValue> Extra { get; init; } = new Dictionary<string, CborValue>();

    internal static readonly CborMap DefaultMetadata = CborMap.Of(("tags", CborArray.Empty), ("extra", CborMap.Empty));
    private static readonly string[] Known = ["schema_version", "id", "kind", "entrypoints", "nodes", "metadata"];

    /// <summary>The graph with names (no symbols table), e.g. for JSON.</summary>
    public CborMap ToCbor() => ToCbor(null);

    internal CborMap ToCbor(ManifestSymbols? symbols) => new CborMapBuilder()
        .Add("schema_version", SchemaVersion)
        .Add("id", Id)
        .Add("kind", Kind)
        .Add("entrypoints", new CborMap(Entrypoints.Select(kv => new KeyValuePair<CborValue, CborValue>(new CborText(kv.Key), kv.Value))))
        .Add("nodes", new CborArray(Nodes.Select(n => (CborValue)n.ToCbor(symbols))))
        .Add("metadata", Metadata)
        .AddExtra(Extra)
        .Build();

    internal static FlowGraph FromCbor(CborValue v, string pack, string path, ManifestSymbols? symbols)
    {
        var f = new CborFields(v, pack, path);
        if (f.Raw("nodes") is CborMap)
            throw f.Error("nodes", "is a map of nodes (flow YAML); a pack embeds compiled flow-v1 graphs with a node list");
        var entrypoints = new Dictionary<string, CborValue>(StringComparer.Ordinal);
        if (f.OptMap("entrypoints") is { } ef)
            foreach (var kv in ef.Map.Entries)
                entrypoints[kv.Key is CborText t ? t.Value : throw ef.Error("?", "has a non-text key")] = kv.Value;
        var graph = new FlowGraph
        {
            SchemaVersion = f.OptText("schema_version") ?? SchemaV1,
            Id = f.Text("id"),
            Kind = f.Text("kind"),
            Entrypoints = entrypoints,
            Nodes = f.List("nodes", (x, p) => FlowNode.FromCbor(x, pack, p, symbols)),
            Metadata = f.Raw("metadata") ?? DefaultMetadata,
            Extra = f.Extra(Known),
        };
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in graph.Nodes)
            if (!ids.Add(n.Id)) throw new PackFormatException(pack, $"{path}: duplicate node id '{n.Id}'");
        return graph;
    }
}

/// <summary>One node: the component operation it runs, its mappings, where it routes next and telemetry hints.</summary>
public sealed record FlowNode
{
    public required string Id { get; init; }
    public required FlowComponentRef Component { get; init; }
    /// <summary>The input map, usually <c>{mapping: ...}</c> with <c>{{ state.input… }}</c> templates.</summary>
    public CborValue Input { get; init; } = EmptyMapping;
    public CborValue Output { get; init; } = EmptyMapping;
    public CborValue? ErrMap { get; init; }
    public FlowRouting Routing { get; init; } = FlowRouting.End;
    public CborValue Telemetry { get; init; } = DefaultTelemetry;
    public IReadOnlyDictionary<string, CborValue> Extra { get; init; } = new Dictionary<string, CborValue>();

    internal static readonly CborMap EmptyMapping = CborMap.Of(("mapping", CborMap.Empty));
    internal static readonly CborMap DefaultTelemetry = CborMap.Of(("attributes", CborMap.Empty));
    private static readonly string[] Known = ["id", "component", "input", "output", "err_map", "routing", "telemetry"];

    internal CborMap ToCbor(ManifestSymbols? symbols) => new CborMapBuilder()
        .Add("id", symbols?.Ref(ManifestSymbols.NodeIds, Id) ?? new CborText(Id))
        .Add("component", new CborMapBuilder()
            .Add("id", symbols?.Ref(ManifestSymbols.ComponentIds, Component.Id) ?? new CborText(Component.Id))
            .Add("pack_alias", Component.PackAlias)
            .Add("operation", Component.Operation)
            .Build())
        .Add("input", Input)
        .Add("output", Output)
        .Add("err_map", ErrMap)
        .Add("routing", Routing.ToCbor(symbols))
        .Add("telemetry", Telemetry)
        .AddExtra(Extra)
        .Build();

    internal static FlowNode FromCbor(CborValue v, string pack, string path, ManifestSymbols? symbols)
    {
        var f = new CborFields(v, pack, path);
        var c = f.OptMap("component") ?? throw f.Error("component", "is required");
        return new FlowNode
        {
            Id = f.Symbol("id", symbols, ManifestSymbols.NodeIds),
            Component = new FlowComponentRef(c.Symbol("id", symbols, ManifestSymbols.ComponentIds), c.OptText("pack_alias"), c.OptText("operation")),
            Input = f.Raw("input") ?? f.Raw("in_map") ?? EmptyMapping,
            Output = f.Raw("output") ?? f.Raw("out_map") ?? EmptyMapping,
            ErrMap = f.Raw("err_map"),
            Routing = FlowRouting.FromCbor(f.Raw("routing") ?? throw f.Error("routing", "is required"), symbols, problem => f.Error("routing", problem)),
            Telemetry = f.Raw("telemetry") ?? DefaultTelemetry,
            Extra = f.Extra([.. Known, "in_map", "out_map"]),
        };
    }
}

/// <summary>The component a node runs: a component id (or a built-in such as <c>emit.text</c>), from another pack when <see cref="PackAlias"/> is set.</summary>
public sealed record FlowComponentRef(string Id, string? PackAlias = null, string? Operation = null);
