using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

public enum FlowRoutingKind { Next, Branch, End, Reply, Custom }

/// <summary>
/// Where a node goes next, as upstream encodes its <c>Routing</c> enum: <c>"End"</c>, <c>"Reply"</c>,
/// <c>{"Next": {"node_id": n}}</c>, <c>{"Branch": {"on_status": {status: n}, "default": n?}}</c> or
/// <c>{"Custom": value}</c>, with node ids as symbol indexes in <c>manifest.cbor</c>.
/// </summary>
public sealed record FlowRouting(FlowRoutingKind Kind, string? Next = null, IReadOnlyDictionary<string, string>? OnStatus = null,
    string? Default = null, CborValue? Custom = null)
{
    public static readonly FlowRouting End = new(FlowRoutingKind.End);
    public static readonly FlowRouting Reply = new(FlowRoutingKind.Reply);

    public static FlowRouting To(string node) => new(FlowRoutingKind.Next, Next: node);

    /// <summary>The nodes this routing can lead to.</summary>
    public IEnumerable<string> Targets => Kind switch
    {
        FlowRoutingKind.Next => [Next!],
        FlowRoutingKind.Branch => OnStatus!.Values.Concat(Default is null ? [] : [Default]),
        _ => [],
    };

    internal CborValue ToCbor(ManifestSymbols? symbols)
    {
        CborValue Node(string id) => symbols?.Ref(ManifestSymbols.NodeIds, id) ?? new CborText(id);
        return Kind switch
        {
            FlowRoutingKind.End => new CborText("End"),
            FlowRoutingKind.Reply => new CborText("Reply"),
            FlowRoutingKind.Next => CborMap.Of(("Next", CborMap.Of(("node_id", Node(Next!))))),
            FlowRoutingKind.Branch => CborMap.Of(("Branch", new CborMapBuilder()
                .Add("on_status", new CborMap(OnStatus!.Select(kv => new KeyValuePair<CborValue, CborValue>(new CborText(kv.Key), Node(kv.Value)))))
                .Add("default", Default is null ? null : Node(Default))
                .Build())),
            _ => CborMap.Of(("Custom", Custom ?? CborValue.Null)),
        };
    }

    internal static FlowRouting FromCbor(CborValue v, ManifestSymbols? symbols, Func<string, PackFormatException> error)
    {
        string Node(CborValue x) => ManifestSymbols.Resolve(x, symbols, ManifestSymbols.NodeIds, error);
        switch (v)
        {
            case CborText { Value: "End" }: return End;
            case CborText { Value: "Reply" }: return Reply;
            case CborMap { Entries.Length: 1 } m when m.Entries[0].Key is CborText tag:
                var body = m.Entries[0].Value;
                switch (tag.Value)
                {
                    case "Next" when body is CborMap nm && nm["node_id"] is { } n: return To(Node(n));
                    case "Branch" when body is CborMap bm:
                        var on = new Dictionary<string, string>(StringComparer.Ordinal);
                        if (bm["on_status"] is CborMap sm)
                            foreach (var kv in sm.Entries)
                                on[kv.Key is CborText s ? s.Value : throw error("Branch.on_status has a non-text key")] = Node(kv.Value);
                        else if (bm["on_status"] is not (null or CborNull)) throw error("Branch.on_status must be a map");
                        return new FlowRouting(FlowRoutingKind.Branch, OnStatus: on, Default: bm["default"] is { } d and not CborNull ? Node(d) : null);
                    case "Custom": return new FlowRouting(FlowRoutingKind.Custom, Custom: body);
                }
                break;
        }
        throw error("must be \"End\", \"Reply\", {Next: {node_id}}, {Branch: {on_status, default}} or {Custom: value}");
    }
}
