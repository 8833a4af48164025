namespace Greentic.Wasm.Component;

/// <summary>Reads WIT tokens into raw definitions, then resolves every type reference (through <c>use</c>, across
/// interfaces and packages) into <see cref="WitType"/>s.</summary>
internal sealed class WitParser(List<WitLexer.Token> tokens)
{
    private abstract record TypeExpr;
    private sealed record NamedExpr(string Name, int Line) : TypeExpr;
    private sealed record GenericExpr(string Head, List<TypeExpr?> Args, int Line) : TypeExpr;
    private sealed record DefExpr(WitKind Kind, List<(string Name, TypeExpr? Type)> Items) : TypeExpr;

    private sealed class RawInterface(string package, string name)
    {
        public string Package = package;
        public string QualifiedName = QualifiedOf(package, name);
        public Dictionary<string, TypeExpr> Defs = new();
        public Dictionary<string, (string Target, string Name, int Line)> Uses = new();
        public List<(string Name, List<(string Name, TypeExpr Type)> Params, TypeExpr? Result)> Funcs = [];
        public Dictionary<string, WitType> Resolved = new();
        public HashSet<string> Resolving = [];
    }

    private readonly Dictionary<string, RawInterface> raw = new();
    private readonly List<(string Package, string Name, List<(bool Import, string Ref, int Line)> Items)> rawWorlds = [];
    private int pos;

    public WitDocument Parse()
    {
        string? package = null;
        while (pos < tokens.Count)
        {
            if (Accept("package"))
            {
                string id = PackageId();
                if (Accept(";")) { package = id; continue; }
                Expect("{");
                while (!Accept("}")) Item(id);
            }
            else Item(package ?? throw Error("a 'package ns:name@version;' declaration must come first"));
        }
        var interfaces = raw.Values.ToDictionary(r => r.QualifiedName, ResolveInterface);
        var worlds = rawWorlds.ToDictionary(w => QualifiedOf(w.Package, w.Name), w => new WitWorld(QualifiedOf(w.Package, w.Name),
            w.Items.Where(i => i.Import).Select(i => FindInterface(i.Ref, w.Package, i.Line).QualifiedName).ToList(),
            w.Items.Where(i => !i.Import).Select(i => FindInterface(i.Ref, w.Package, i.Line).QualifiedName).ToList()));
        return new WitDocument(interfaces, worlds);
    }

    private void Item(string package)
    {
        if (Accept("interface")) Interface(package, Ident());
        else if (Accept("world")) World(package, Ident());
        else throw Error($"expected 'interface', 'world' or 'package', found '{Current}'");
    }

    private void Interface(string package, string name)
    {
        var iface = new RawInterface(package, name);
        if (!raw.TryAdd(iface.QualifiedName, iface)) throw Error($"interface {iface.QualifiedName} is defined twice");
        Expect("{");
        while (!Accept("}"))
        {
            int line = Line;
            if (Accept("use"))
            {
                string target = InterfaceRef();
                Expect(".");
                Expect("{");
                do
                {
                    string typeName = Ident();
                    string local = Accept("as") ? Ident() : typeName;
                    iface.Uses[local] = (target, typeName, line);
                } while (Accept(","));
                Expect("}");
                Expect(";");
            }
            else if (Accept("type")) { string n = Ident(); Expect("="); iface.Defs[n] = Type(); Expect(";"); }
            else if (Accept("record")) { string n = Ident(); iface.Defs[n] = new DefExpr(WitKind.Record, Members(typed: true, optional: false)); }
            else if (Accept("variant")) { string n = Ident(); iface.Defs[n] = new DefExpr(WitKind.Variant, Members(typed: true, optional: true)); }
            else if (Accept("enum")) { string n = Ident(); iface.Defs[n] = new DefExpr(WitKind.Enum, Members(typed: false, optional: false)); }
            else if (Accept("flags")) { string n = Ident(); iface.Defs[n] = new DefExpr(WitKind.Flags, Members(typed: false, optional: false)); }
            else if (Current == "resource") throw Error("resources are not supported by this canonical ABI implementation");
            else
            {
                string fn = Ident();
                Expect(":");
                if (Current == "async") throw Error("async functions are not supported");
                Expect("func");
                Expect("(");
                var ps = new List<(string, TypeExpr)>();
                while (!Accept(")"))
                {
                    string pn = Ident();
                    Expect(":");
                    ps.Add((pn, Type()));
                    if (!Accept(",")) { Expect(")"); break; }
                }
                TypeExpr? result = null;
                if (Accept("->"))
                {
                    if (Current == "(") throw Error("named results are not supported");
                    result = Type();
                }
                Expect(";");
                iface.Funcs.Add((fn, ps, result));
            }
        }
    }

    private void World(string package, string name)
    {
        var items = new List<(bool, string, int)>();
        Expect("{");
        while (!Accept("}"))
        {
            int line = Line;
            bool import = Accept("import");
            if (!import && !Accept("export")) throw Error($"only 'import' and 'export' of interfaces are supported in worlds, found '{Current}'");
            if (pos + 2 < tokens.Count && tokens[pos + 1].Text == ":" && tokens[pos + 2].Text is "func" or "interface") throw Error("inline world functions and interfaces are not supported");
            items.Add((import, InterfaceRef(), line));
            Expect(";");
        }
        rawWorlds.Add((package, name, items));
    }

    private List<(string, TypeExpr?)> Members(bool typed, bool optional)
    {
        var items = new List<(string, TypeExpr?)>();
        int line = Line;
        Expect("{");
        while (!Accept("}"))
        {
            string n = Ident();
            TypeExpr? t = null;
            if (typed && !optional) { Expect(":"); t = Type(); }
            else if (typed && Accept("(")) { t = Type(); Expect(")"); }
            items.Add((n, t));
            if (!Accept(",")) { Expect("}"); break; }
        }
        if (items.Count == 0) throw new WitParseException(line, "a record, variant, enum or flags needs at least one member");
        return items;
    }

    private TypeExpr Type()
    {
        int line = Line;
        string head = Ident();
        if (!Accept("<")) return new NamedExpr(head, line);
        var args = new List<TypeExpr?>();
        do args.Add(Accept("_") ? null : Type()); while (Accept(","));
        Expect(">");
        return new GenericExpr(head, args, line);
    }

    /// <summary><c>name</c> (same package) or <c>ns:pkg/name[@version]</c>; returned as written, resolved later.</summary>
    private string InterfaceRef()
    {
        string first = Ident();
        if (!Accept(":")) return first;
        string pkg = Ident();
        Expect("/");
        string iface = Ident();
        return Accept("@") ? $"{first}:{pkg}/{iface}@{Ident()}" : $"{first}:{pkg}/{iface}";
    }

    private string PackageId()
    {
        string ns = Ident();
        Expect(":");
        string name = Ident();
        while (Accept(":")) name += ":" + Ident();
        return Accept("@") ? $"{ns}:{name}@{Ident()}" : $"{ns}:{name}";
    }

    private static string QualifiedOf(string package, string name)
    {
        int at = package.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? $"{package}/{name}" : $"{package[..at]}/{name}{package[at..]}";
    }

    private RawInterface FindInterface(string reference, string fromPackage, int line)
    {
        if (!reference.Contains(':', StringComparison.Ordinal)) reference = QualifiedOf(fromPackage, reference);
        if (raw.TryGetValue(reference, out var exact)) return exact;
        var matches = raw.Values.Where(r => r.QualifiedName.StartsWith(reference + "@", StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0] : throw new WitParseException(line, $"unknown interface '{reference}'");
    }

    private WitInterface ResolveInterface(RawInterface r)
    {
        var types = r.Defs.Keys.Concat(r.Uses.Keys).ToDictionary(n => n, n => ResolveNamed(r, n, 0));
        var funcs = r.Funcs.ToDictionary(f => f.Name, f => new ComponentFuncType(
            f.Params.Select(p => new ComponentParam(p.Name, Resolve(r, p.Type))), f.Result is null ? null : Resolve(r, f.Result)));
        return new WitInterface(r.QualifiedName, types, funcs);
    }

    private WitType ResolveNamed(RawInterface r, string name, int line)
    {
        if (r.Resolved.TryGetValue(name, out var done)) return done;
        if (!r.Resolving.Add(name)) throw new WitParseException(line, $"type '{name}' refers to itself");
        WitType t;
        if (r.Defs.TryGetValue(name, out var def)) t = Resolve(r, def);
        else if (r.Uses.TryGetValue(name, out var use)) t = ResolveNamed(FindInterface(use.Target, r.Package, use.Line), use.Name, use.Line);
        else throw new WitParseException(line, $"unknown type '{name}' in interface {r.QualifiedName}");
        r.Resolving.Remove(name);
        return r.Resolved[name] = t;
    }

    private WitType Resolve(RawInterface r, TypeExpr e)
    {
        switch (e)
        {
            case DefExpr d:
                return d.Kind switch
                {
                    WitKind.Record => WitType.Record(d.Items.Select(i => new WitField(i.Name, Resolve(r, i.Type!))).ToArray()),
                    WitKind.Variant => WitType.Variant(d.Items.Select(i => new WitCase(i.Name, i.Type is null ? null : Resolve(r, i.Type))).ToArray()),
                    WitKind.Enum => WitType.Enum(d.Items.Select(i => i.Name).ToArray()),
                    _ => d.Items.Count <= 32 ? WitType.Flags(d.Items.Select(i => i.Name).ToArray()) : throw new WitParseException(0, "flags with more than 32 labels are not supported"),
                };
            case GenericExpr g:
            {
                WitType Arg(int i) => g.Args[i] is { } a ? Resolve(r, a) : throw new WitParseException(g.Line, $"'_' is only allowed in result<…>");
                return (g.Head, g.Args.Count) switch
                {
                    ("list", 1) => WitType.List(Arg(0)),
                    ("option", 1) => WitType.Option(Arg(0)),
                    ("result", 1) => WitType.Result(Arg(0), null),
                    ("result", 2) => WitType.Result(g.Args[0] is null ? null : Arg(0), g.Args[1] is null ? null : Arg(1)),
                    ("tuple", > 0) => WitType.Tuple(g.Args.Select((_, i) => Arg(i)).ToArray()),
                    _ => throw new WitParseException(g.Line, $"unsupported type {g.Head}<…> with {g.Args.Count} arguments"),
                };
            }
            default:
            {
                var n = (NamedExpr)e;
                return n.Name switch
                {
                    "bool" => WitType.Bool, "s8" => WitType.S8, "u8" => WitType.U8, "s16" => WitType.S16, "u16" => WitType.U16,
                    "s32" => WitType.S32, "u32" => WitType.U32, "s64" => WitType.S64, "u64" => WitType.U64,
                    "f32" or "float32" => WitType.F32, "f64" or "float64" => WitType.F64, "char" => WitType.Char, "string" => WitType.String,
                    "result" => WitType.Result(null, null),
                    _ => ResolveNamed(r, n.Name, n.Line),
                };
            }
        }
    }

    private string Current => pos < tokens.Count ? tokens[pos].Text : "end of file";
    private int Line => pos < tokens.Count ? tokens[pos].Line : (tokens.Count > 0 ? tokens[^1].Line : 1);

    private bool Accept(string text)
    {
        if (pos < tokens.Count && tokens[pos].Text == text)
        {
            pos++;
            return true;
        }
        return false;
    }

    private void Expect(string text)
    {
        if (!Accept(text)) throw Error($"expected '{text}', found '{Current}'");
    }

    private string Ident()
    {
        if (pos >= tokens.Count || !tokens[pos].IsIdentifier) throw Error($"expected a name, found '{Current}'");
        return tokens[pos++].Text;
    }

    private WitParseException Error(string message) => new(Line, message);
}
