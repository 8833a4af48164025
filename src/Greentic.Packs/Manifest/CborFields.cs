using Greentic.Packs.Cbor;

namespace Greentic.Packs.Manifest;

/// <summary>Typed access to manifest maps, every failure a <see cref="PackFormatException"/> naming the field.</summary>
internal sealed class CborFields
{
    private readonly CborMap _map;
    private readonly string _what;
    private readonly string _path;

    public CborFields(CborValue? value, string what, string path)
    {
        _what = what;
        _path = path;
        _map = value as CborMap ?? throw new PackFormatException(what, $"{Label(path)} must be a map");
    }

    private static string Label(string path) => path.Length == 0 ? "the document" : $"field '{path}'";

    private string P(string key) => _path.Length == 0 ? key : $"{_path}.{key}";

    public PackFormatException Error(string key, string problem) => new(_what, $"field '{P(key)}' {problem}");

    public CborMap Map => _map;

    public string What => _what;

    public string Path => _path;

    /// <summary>The dotted path of <paramref name="key"/>, for nested parsers and error messages.</summary>
    public string PathOf(string key) => P(key);

    public CborValue? Raw(string key) => _map[key] is CborNull ? null : _map[key];

    public string Text(string key) =>
        OptText(key) ?? throw Error(key, "is required");

    public string? OptText(string key) => Raw(key) switch
    {
        null => null,
        CborText t => t.Value,
        _ => throw Error(key, "must be a text string"),
    };

    /// <summary>Text, or an integer rendered as text (for version-like fields).</summary>
    public string? OptTextOrInt(string key) => Raw(key) switch
    {
        null => null,
        CborText t => t.Value,
        CborInteger i => i.Value.ToString(),
        _ => throw Error(key, "must be a text string or an integer"),
    };

    public bool Bool(string key, bool dflt) => Raw(key) switch
    {
        null => dflt,
        CborBool b => b.Value,
        _ => throw Error(key, "must be true or false"),
    };

    /// <summary>A nested map, or null when absent.</summary>
    public CborFields? OptMap(string key) => Raw(key) is { } v ? new CborFields(v, _what, P(key)) : null;

    /// <summary>
    /// A name given either as text or, in a <c>pack-v1</c> manifest, as an index into one of the
    /// <paramref name="symbols"/> tables.
    /// </summary>
    public string Symbol(string key, ManifestSymbols? symbols, string table) =>
        OptSymbol(key, symbols, table) ?? throw Error(key, "is required");

    public string? OptSymbol(string key, ManifestSymbols? symbols, string table) => Raw(key) switch
    {
        null => null,
        var v => ManifestSymbols.Resolve(v, symbols, table, problem => Error(key, problem)),
    };

    public IReadOnlyList<string> SymbolList(string key, ManifestSymbols? symbols, string table) => Raw(key) switch
    {
        null => [],
        CborArray a => a.Items.Select((x, i) => ManifestSymbols.Resolve(x, symbols, table, problem => Error($"{key}[{i}]", problem))).ToArray(),
        _ => throw Error(key, "must be an array"),
    };

    public long? OptInt(string key) => Raw(key) switch
    {
        null => null,
        CborInteger i when i.Value >= long.MinValue && i.Value <= long.MaxValue => (long)i.Value,
        _ => throw Error(key, "must be an integer"),
    };

    public byte[] Bytes(string key) => Raw(key) switch
    {
        CborBytes b => b.Value.ToArray(),
        null => throw Error(key, "is required"),
        _ => throw Error(key, "must be a byte string"),
    };

    public IReadOnlyList<string> TextList(string key) => Raw(key) switch
    {
        null => [],
        CborArray a => a.Items.Select((x, i) => x is CborText t ? t.Value : throw Error($"{key}[{i}]", "must be a text string")).ToArray(),
        _ => throw Error(key, "must be an array of text strings"),
    };

    public IReadOnlyList<T> List<T>(string key, Func<CborValue, string, T> item) => Raw(key) switch
    {
        null => [],
        CborArray a => a.Items.Select((x, i) => item(x, $"{P(key)}[{i}]")).ToArray(),
        _ => throw Error(key, "must be an array"),
    };

    /// <summary>Entries whose keys are not in <paramref name="known"/>, kept so nothing is lost on rewrite.</summary>
    public IReadOnlyDictionary<string, CborValue> Extra(params string[] known)
    {
        var d = new SortedDictionary<string, CborValue>(StringComparer.Ordinal);
        foreach (var kv in _map.Entries)
            if (kv.Key is CborText t && Array.IndexOf(known, t.Value) < 0) d[t.Value] = kv.Value;
        return d;
    }
}

/// <summary>Builds text-keyed CBOR maps, skipping absent optional values.</summary>
internal sealed class CborMapBuilder
{
    private readonly List<KeyValuePair<CborValue, CborValue>> _entries = [];

    public CborMapBuilder Add(string key, CborValue? value)
    {
        if (value is not null) _entries.Add(new(new CborText(key), value));
        return this;
    }

    public CborMapBuilder Add(string key, string? value) => Add(key, value is null ? null : new CborText(value));

    public CborMapBuilder Add(string key, IEnumerable<string> values) => Add(key, new CborArray(values.Select(v => (CborValue)new CborText(v))));

    public CborMapBuilder AddExtra(IReadOnlyDictionary<string, CborValue>? extra)
    {
        if (extra is not null) foreach (var kv in extra) Add(kv.Key, kv.Value);
        return this;
    }

    public CborMap Build() => new(_entries);
}
