using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>A flow embedded in the manifest: <c>{id, kind, flow, tags, entrypoints}</c> with a <c>flow-v1</c> graph.</summary>
public sealed record FlowEntry
{
    public required string Id { get; init; }
    /// <summary>Upstream's FlowKind: messaging, event, component_config, job or http.</summary>
    public required string Kind { get; init; }
    public required FlowGraph Flow { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Entrypoints { get; init; } = [];

    /// <summary>The flow graph as JSON, with node and component ids as names.</summary>
    public string FlowJson => CborJson.ToJsonString(Flow.ToCbor());

    internal CborMap ToCbor(ManifestSymbols? symbols) => new CborMapBuilder()
        .Add("id", Id).Add("kind", Kind).Add("flow", Flow.ToCbor(symbols)).Add("tags", Tags).Add("entrypoints", Entrypoints).Build();

    internal static FlowEntry FromCbor(CborValue v, string pack, string path, ManifestSymbols? symbols)
    {
        var f = new CborFields(v, pack, path);
        var id = f.Text("id");
        Ids.Check(id, pack, f.PathOf("id"));
        var entry = f.Raw("entrypoints");
        return new FlowEntry
        {
            Id = id,
            Kind = f.Text("kind"),
            Flow = FlowGraph.FromCbor(f.Raw("flow") ?? throw f.Error("flow", "is required"), pack, f.PathOf("flow"), symbols),
            Tags = f.TextList("tags"),
            Entrypoints = entry is CborMap em ? em.Entries.Select(e => e.Key.ToString()!).ToArray() : f.TextList("entrypoints"),
        };
    }
}
