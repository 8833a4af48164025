using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Building;

/// <summary>
/// Compiles a flow source (<c>flows/*.ygtc</c>, YAML) into the <c>flow-v1</c> graph a pack embeds:
/// <code>
/// id: welcome                  # default: the file name
/// type: messaging              # the flow kind (messaging, event, component_config, job, http)
/// start: greet                 # entrypoint "default" (default: the first node)
/// entrypoints: {other: node}   # more entrypoints
/// nodes:
///   greet:                     # node id
///     emit.text: "Hello!"      # exactly one operation key; its value becomes input.mapping
///     component: my-component  # optional: the component that runs the operation
///     output: {...}            # optional output mapping
///     out: end                 # or routing: out | end | reply | &lt;node&gt; | [{to: node}] | [{status: s, to: node}, {to: default}]
/// </code>
/// Without <c>component:</c>, an operation key <c>&lt;component-id&gt;.&lt;op&gt;</c> naming a component of the pack
/// splits into component and operation; anything else is a built-in (<c>emit.text</c>, <c>session.wait</c>…) and is
/// its own component id, as upstream encodes built-ins.
/// </summary>
internal static class FlowCompiler
{
    private static readonly string[] Reserved = ["routing", "out", "reply", "output", "err_map", "component", "pack_alias", "telemetry"];

    public static FlowGraph Compile(CborValue source, string what, string id, IReadOnlyCollection<string> componentIds)
    {
        var f = new CborFields(source, what, "");
        var kind = f.OptText("type") ?? f.OptText("kind") ?? "messaging";
        FlowKinds.Check(kind, what, "flow type");
        var nodesField = f.OptMap("nodes") ?? throw f.Error("nodes", "is required (a map of node id → node)");
        var nodes = new List<FlowNode>();
        foreach (var kv in nodesField.Map.Entries)
        {
            var nodeId = kv.Key is CborText t ? t.Value : throw nodesField.Error("?", "has a non-text key");
            Ids.Check(nodeId, what, $"nodes.{nodeId}");
            nodes.Add(Node(new CborFields(kv.Value, what, $"nodes.{nodeId}"), nodeId, componentIds));
        }
        if (nodes.Count == 0) throw f.Error("nodes", "is empty");
        var known = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var n in nodes)
            foreach (var target in n.Routing.Targets)
                if (!known.Contains(target)) throw new PackFormatException(what, $"node '{n.Id}' routes to '{target}', which the flow does not define");

        var entrypoints = new Dictionary<string, CborValue>(StringComparer.Ordinal);
        if (f.OptMap("entrypoints") is { } ef)
            foreach (var kv in ef.Map.Entries) entrypoints[kv.Key.ToString()!] = kv.Value;
        var start = f.OptText("start") ?? nodes[0].Id;
        if (!known.Contains(start)) throw f.Error("start", $"names node '{start}', which the flow does not define");
        entrypoints.TryAdd("default", new CborText(start));
        return new FlowGraph
        {
            Id = id,
            Kind = kind,
            Entrypoints = entrypoints,
            Nodes = nodes,
            Metadata = new CborMapBuilder()
                .Add("title", f.OptText("title"))
                .Add("description", f.OptText("description"))
                .Add("tags", f.TextList("tags"))
                .Add("extra", CborMap.Empty)
                .Build(),
        };
    }

    private static FlowNode Node(CborFields n, string id, IReadOnlyCollection<string> componentIds)
    {
        var ops = n.Map.Entries.Select(e => e.Key.ToString()!).Where(k => Array.IndexOf(Reserved, k) < 0).ToArray();
        if (ops.Length != 1)
            throw new PackFormatException(n.What, $"node '{id}' must have exactly one operation key besides {string.Join(", ", Reserved)}; it has {(ops.Length == 0 ? "none" : string.Join(", ", ops))}");
        var op = ops[0];
        var component = n.OptText("component") is { } explicitId
            ? new FlowComponentRef(explicitId, n.OptText("pack_alias"), op)
            : componentIds.Where(c => op.StartsWith(c + ".", StringComparison.Ordinal)).MaxBy(c => c.Length) is { } cid
                ? new FlowComponentRef(cid, n.OptText("pack_alias"), op[(cid.Length + 1)..])
                : new FlowComponentRef(op, n.OptText("pack_alias"));
        Ids.Check(component.Id, n.What, $"{n.Path}.component");
        return new FlowNode
        {
            Id = id,
            Component = component,
            Input = CborMap.Of(("mapping", n.Map[op] ?? CborValue.Null)),
            Output = CborMap.Of(("mapping", n.Raw("output") ?? CborMap.Empty)),
            ErrMap = n.Raw("err_map") is { } err ? CborMap.Of(("mapping", err)) : null,
            Routing = Routing(n, id),
            Telemetry = n.Raw("telemetry") ?? FlowNode.DefaultTelemetry,
        };
    }

    private static FlowRouting Routing(CborFields n, string id)
    {
        if (n.Raw("reply") is not null) return FlowRouting.Reply;
        return (n.Raw("routing") ?? n.Raw("out")) switch
        {
            null => FlowRouting.End,
            CborText { Value: "out" or "end" } => FlowRouting.End,
            CborText { Value: "reply" } => FlowRouting.Reply,
            CborText t => FlowRouting.To(t.Value),
            CborArray a => FromList(a, n, id),
            var other => new FlowRouting(FlowRoutingKind.Custom, Custom: other),
        };
    }

    /// <summary><c>[{to: x}]</c> → Next; <c>[{out: …}]</c> → End; <c>[{reply: …}]</c> → Reply; <c>{status, to}</c> items (plus one <c>{to}</c> default) → Branch.</summary>
    private static FlowRouting FromList(CborArray a, CborFields n, string id)
    {
        var items = a.Items.Select((x, i) => new CborFields(x, n.What, $"{n.Path}.routing[{i}]")).ToArray();
        if (items.Length == 1 && items[0].OptText("status") is null)
        {
            var only = items[0];
            if (only.OptText("to") is { } to) return FlowRouting.To(to);
            if (only.Raw("out") is not null) return FlowRouting.End;
            if (only.Raw("reply") is not null) return FlowRouting.Reply;
        }
        var on = new Dictionary<string, string>(StringComparer.Ordinal);
        string? fallback = null;
        foreach (var item in items)
        {
            var to = item.OptText("to") ?? throw item.Error("to", $"is required in a branch of node '{id}'");
            if (item.OptText("status") is { } status) { if (!on.TryAdd(status, to)) throw item.Error("status", $"'{status}' appears twice"); }
            else if (fallback is null) fallback = to;
            else throw item.Error("to", $"node '{id}' has more than one default branch");
        }
        return new FlowRouting(FlowRoutingKind.Branch, OnStatus: on, Default: fallback);
    }
}
