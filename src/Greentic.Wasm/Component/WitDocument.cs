namespace Greentic.Wasm.Component;

/// <summary>An interface of a parsed WIT document: its named types and its functions, resolved to our type model.</summary>
public sealed class WitInterface
{
    internal WitInterface(string qualifiedName, Dictionary<string, WitType> types, Dictionary<string, ComponentFuncType> functions)
    {
        QualifiedName = qualifiedName;
        Types = types;
        Functions = functions;
    }

    /// <summary>For example <c>greentic:state/state-store@1.0.0</c>: the core import module and the export prefix.</summary>
    public string QualifiedName { get; }
    public IReadOnlyDictionary<string, WitType> Types { get; }
    public IReadOnlyDictionary<string, ComponentFuncType> Functions { get; }

    public ComponentFuncType Function(string name) =>
        Functions.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"interface {QualifiedName} has no function '{name}'");
}

/// <summary>A world: the qualified names of the interfaces it imports and exports.</summary>
public sealed record WitWorld(string QualifiedName, IReadOnlyList<string> Imports, IReadOnlyList<string> Exports);

/// <summary>A parsed WIT document (one file, possibly with nested <c>package … { }</c> blocks). Supports interfaces,
/// worlds that import/export interfaces, use, type aliases, record, variant, enum, flags and the built-in types.
/// Resources, futures/streams and inline world functions are rejected with a <see cref="WitParseException"/>.</summary>
public sealed class WitDocument
{
    private readonly Dictionary<string, WitInterface> interfaces;
    private readonly Dictionary<string, WitWorld> worlds;

    internal WitDocument(Dictionary<string, WitInterface> interfaces, Dictionary<string, WitWorld> worlds)
    {
        this.interfaces = interfaces;
        this.worlds = worlds;
    }

    public IReadOnlyDictionary<string, WitInterface> Interfaces => interfaces;
    public IReadOnlyDictionary<string, WitWorld> Worlds => worlds;

    public static WitDocument Parse(string text) => new WitParser(new WitLexer(text).Tokenize()).Parse();

    public WitInterface Interface(string qualifiedName) =>
        interfaces.GetValueOrDefault(qualifiedName) ?? throw new KeyNotFoundException(
            $"no interface '{qualifiedName}' (known: {string.Join(", ", interfaces.Keys)})");
}
