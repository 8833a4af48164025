using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The types and signatures of tests/wasm-components/abi-probe.wit.</summary>
internal static class ProbeWit
{
    public const string Probe = "test:abi/probe@0.1.0";
    public const string Host = "test:abi/host@0.1.0";

    public static readonly WitType Mixed = WitType.Variant(("a", WitType.U32), ("b", WitType.F32), ("c", WitType.U64), ("d", WitType.F64), ("e", null));
    public static readonly WitType Perms = WitType.Flags("read", "write", "exec");
    public static readonly WitType Point = WitType.Record(("x", WitType.F32), ("y", WitType.F64), ("tag", WitType.Char), ("ok", WitType.Bool));
    public static readonly WitType MixedPoint = WitType.Tuple(Mixed, Point);

    public static readonly ComponentFuncType Transform = new(MixedPoint, ("v", Mixed), ("p", Point));

    private static ComponentFuncType F(WitType result, params WitType[] ps) => new(ps.Select((t, i) => new ComponentParam("p" + i, t)), result);

    public static readonly Dictionary<string, ComponentFuncType> Exports = new()
    {
        ["bump"] = F(Mixed, Mixed),
        ["invert"] = F(Perms, Perms),
        ["next-char"] = F(WitType.Char, WitType.Char),
        ["scale"] = F(Point, Point, WitType.F64),
        ["sum17"] = F(WitType.S64, WitType.S8, WitType.U8, WitType.S16, WitType.U16, WitType.S32, WitType.U32, WitType.S64, WitType.U64,
            WitType.F32, WitType.F64, WitType.Bool, WitType.Char, WitType.S8, WitType.S8, WitType.S8, WitType.S8, WitType.S8),
        ["words"] = F(WitType.List(WitType.String), WitType.String),
        ["stats"] = F(WitType.Tuple(WitType.S32, WitType.S32, WitType.S64), WitType.List(WitType.S32)),
        ["classify"] = F(WitType.Result(WitType.Option(WitType.U8), WitType.String), WitType.S64),
        ["relay"] = F(MixedPoint, Mixed, Point),
    };

    /// <summary>The host's transform, as probe-with-jco.mjs implements it: e → a(7), a(n) → c(2n), others unchanged;
    /// the point moves by (+1, /2) and its flag flips.</summary>
    public static ComponentValue TransformImpl(IReadOnlyList<ComponentValue> a)
    {
        var v = a[0];
        var nv = v.CaseIndex switch
        {
            4 => ComponentValue.Variant(0, ComponentValue.U32(7)),
            0 => ComponentValue.Variant(2, ComponentValue.U64(v.Payload!.AsUInt64() * 2)),
            _ => v,
        };
        var p = a[1].Items;
        var np = ComponentValue.Record(ComponentValue.F32((float)(p[0].AsF32() + 1.0)), ComponentValue.F64(p[1].AsF64() / 2),
            p[2], ComponentValue.Bool(!p[3].AsBool()));
        return ComponentValue.Tuple(nv, np);
    }
}
