using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>
/// The <c>symbols</c> table of a <c>pack-v1</c> manifest: <c>pack_id</c>, component ids, flow node ids and
/// capability names are written once, sorted, and referred to by index everywhere else (upstream's
/// <c>greentic-types</c> encoding). Reading resolves indexes to names; text is accepted in their place too (older
/// manifests, and upstream's legacy <c>pack_id</c>). Writing collects every name and assigns indexes.
/// </summary>
internal sealed class ManifestSymbols
{
    public const string ComponentIds = "component_ids";
    public const string NodeIds = "node_ids";
    public const string CapabilityNames = "capability_names";
    public const string PackIds = "pack_ids";
    private static readonly string[] Tables = [ComponentIds, NodeIds, CapabilityNames, PackIds];

    private readonly Dictionary<string, List<string>> _names = Tables.ToDictionary(t => t, _ => new List<string>(), StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _index = Tables.ToDictionary(t => t, _ => new Dictionary<string, int>(StringComparer.Ordinal), StringComparer.Ordinal);

    private ManifestSymbols() { }

    /// <summary>The names of one table, in index order.</summary>
    public IReadOnlyList<string> this[string table] => _names[table];

    /// <summary>Reads the <c>symbols</c> map of a manifest; absent means every reference is given as text.</summary>
    internal static ManifestSymbols Read(CborValue? value, string what)
    {
        var s = new ManifestSymbols();
        if (value is null or CborNull) return s;
        var f = new CborFields(value, what, "symbols");
        foreach (var t in Tables) s._names[t].AddRange(f.TextList(t));
        return s;
    }

    /// <summary>Collects names to write; indexes follow bytewise order, as upstream's BTreeSet does.</summary>
    internal static ManifestSymbols Build(IEnumerable<(string Table, string Name)> names)
    {
        var s = new ManifestSymbols();
        foreach (var g in names.GroupBy(n => n.Table))
        {
            var sorted = g.Select(n => n.Name).Distinct(StringComparer.Ordinal).Order(Comparer<string>.Create(PackPaths.Compare));
            s._names[g.Key].AddRange(sorted);
        }
        foreach (var t in Tables)
            for (int i = 0; i < s._names[t].Count; i++) s._index[t][s._names[t][i]] = i;
        return s;
    }

    internal CborValue Ref(string table, string name) =>
        _index[table].TryGetValue(name, out var i) ? new CborInteger(i) : throw new InvalidOperationException($"'{name}' is not in symbols.{table}");

    internal CborMap ToCbor() => new(Tables.Select(t => new KeyValuePair<CborValue, CborValue>(
        new CborText(t), new CborArray(_names[t].Select(n => (CborValue)new CborText(n))))));

    /// <summary>Text as is; an integer as an index into <paramref name="table"/> of <paramref name="symbols"/>.</summary>
    internal static string Resolve(CborValue value, ManifestSymbols? symbols, string table, Func<string, PackFormatException> error)
    {
        switch (value)
        {
            case CborText t: return t.Value;
            case CborInteger i:
                var names = symbols?._names[table];
                if (names is null) throw error("must be a text string (no symbols table applies here)");
                if (i.Value < 0 || i.Value >= names.Count)
                    throw error($"refers to symbol {i.Value}, but symbols.{table} has {names.Count} entries");
                return names[(int)i.Value];
            default: throw error($"must be a name or an index into symbols.{table}");
        }
    }
}
