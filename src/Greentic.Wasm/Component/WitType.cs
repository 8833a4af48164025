namespace Greentic.Wasm.Component;

/// <summary>The kinds of component-model value types this canonical ABI implementation handles.</summary>
public enum WitKind
{
    Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String,
    List, Record, Tuple, Variant, Enum, Flags, Option, Result,
}

/// <summary>A named case of a variant; <see cref="Payload"/> is null for a case without a payload.</summary>
public sealed record WitCase(string Name, WitType? Payload);

/// <summary>A named field of a record.</summary>
public sealed record WitField(string Name, WitType Type);

/// <summary>A WIT value type (the component model's interface types). Immutable; compose with the factory members.</summary>
public sealed class WitType
{
    private WitType(WitKind kind, WitType? element = null, IReadOnlyList<WitField>? fields = null,
        IReadOnlyList<WitCase>? cases = null, IReadOnlyList<string>? names = null)
    {
        Kind = kind;
        Element = element;
        Fields = fields ?? [];
        Cases = cases ?? [];
        Names = names ?? [];
    }

    public WitKind Kind { get; }
    /// <summary>The element type of a list or the payload of an option.</summary>
    public WitType? Element { get; }
    /// <summary>Fields of a record; a tuple's fields are named "0", "1", ...</summary>
    public IReadOnlyList<WitField> Fields { get; }
    /// <summary>Cases of a variant, and the despecialized cases of option (none, some) and result (ok, err).</summary>
    public IReadOnlyList<WitCase> Cases { get; }
    /// <summary>Labels of an enum or flags.</summary>
    public IReadOnlyList<string> Names { get; }

    public static readonly WitType Bool = new(WitKind.Bool);
    public static readonly WitType S8 = new(WitKind.S8);
    public static readonly WitType U8 = new(WitKind.U8);
    public static readonly WitType S16 = new(WitKind.S16);
    public static readonly WitType U16 = new(WitKind.U16);
    public static readonly WitType S32 = new(WitKind.S32);
    public static readonly WitType U32 = new(WitKind.U32);
    public static readonly WitType S64 = new(WitKind.S64);
    public static readonly WitType U64 = new(WitKind.U64);
    public static readonly WitType F32 = new(WitKind.F32);
    public static readonly WitType F64 = new(WitKind.F64);
    public static readonly WitType Char = new(WitKind.Char);
    public static readonly WitType String = new(WitKind.String);

    public static WitType List(WitType element) => new(WitKind.List, element);

    public static WitType Record(params WitField[] fields)
    {
        if (fields.Length == 0) throw new ArgumentException("a record needs at least one field");
        return new(WitKind.Record, fields: fields);
    }

    public static WitType Record(params (string Name, WitType Type)[] fields) =>
        Record(fields.Select(f => new WitField(f.Name, f.Type)).ToArray());

    public static WitType Tuple(params WitType[] types)
    {
        if (types.Length == 0) throw new ArgumentException("a tuple needs at least one element");
        return new(WitKind.Tuple, fields: types.Select((t, i) => new WitField(i.ToString(System.Globalization.CultureInfo.InvariantCulture), t)).ToArray());
    }

    public static WitType Variant(params WitCase[] cases)
    {
        if (cases.Length == 0) throw new ArgumentException("a variant needs at least one case");
        return new(WitKind.Variant, cases: cases);
    }

    public static WitType Variant(params (string Name, WitType? Payload)[] cases) =>
        Variant(cases.Select(c => new WitCase(c.Name, c.Payload)).ToArray());

    public static WitType Enum(params string[] names)
    {
        if (names.Length == 0) throw new ArgumentException("an enum needs at least one case");
        return new(WitKind.Enum, cases: names.Select(n => new WitCase(n, null)).ToArray(), names: names);
    }

    public static WitType Flags(params string[] names)
    {
        if (names.Length is 0 or > 32) throw new ArgumentException("flags need between 1 and 32 labels");
        return new(WitKind.Flags, names: names);
    }

    public static WitType Option(WitType payload) =>
        new(WitKind.Option, payload, cases: [new WitCase("none", null), new WitCase("some", payload)]);

    public static WitType Result(WitType? ok, WitType? err) =>
        new(WitKind.Result, cases: [new WitCase("ok", ok), new WitCase("err", err)]);

    /// <summary>Layout and flattening, computed once per type (types are immutable and shared by signatures).</summary>
    internal TypeLayout Layout => layout ??= TypeLayout.Compute(this);
    private TypeLayout? layout;

    /// <summary>True for the kinds that are variants in the ABI: variant, enum, option, result.</summary>
    internal bool IsVariantLike => Kind is WitKind.Variant or WitKind.Enum or WitKind.Option or WitKind.Result;

    public override string ToString() => Kind switch
    {
        WitKind.List => $"list<{Element}>",
        WitKind.Option => $"option<{Element}>",
        WitKind.Result => $"result<{Cases[0].Payload?.ToString() ?? "_"}, {Cases[1].Payload?.ToString() ?? "_"}>",
        WitKind.Tuple => $"tuple<{string.Join(", ", Fields.Select(f => f.Type))}>",
        WitKind.Record => $"record {{ {string.Join(", ", Fields.Select(f => $"{f.Name}: {f.Type}"))} }}",
        WitKind.Variant => $"variant {{ {string.Join(", ", Cases.Select(c => c.Payload is null ? c.Name : $"{c.Name}({c.Payload})"))} }}",
        WitKind.Enum => $"enum {{ {string.Join(", ", Names)} }}",
        WitKind.Flags => $"flags {{ {string.Join(", ", Names)} }}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
