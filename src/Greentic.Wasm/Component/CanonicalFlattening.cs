namespace Greentic.Wasm.Component;

/// <summary>How component values map to core WebAssembly parameters and results (CanonicalABI.md "Flattening").</summary>
public static class CanonicalFlattening
{
    /// <summary>More flattened parameters than this are passed through memory, by one pointer.</summary>
    public const int MaxFlatParams = 16;
    /// <summary>More flattened results than this are returned through memory (a return area).</summary>
    public const int MaxFlatResults = 1;

    public static List<ValType> Flatten(WitType t) => [.. t.Layout.Flat];

    public static List<ValType> Flatten(IEnumerable<WitType> types)
    {
        var list = new List<ValType>();
        foreach (var t in types) list.AddRange(t.Layout.Flat);
        return list;
    }

    internal static List<ValType> ComputeFlat(WitType t)
    {
        var list = new List<ValType>();
        Append(t, list);
        return list;
    }

    private static void Append(WitType t, List<ValType> into)
    {
        if (t.Kind is WitKind.Variant or WitKind.Enum or WitKind.Option or WitKind.Result)
        {
            into.AddRange(FlattenVariant(t));
            return;
        }
        switch (t.Kind)
        {
            case WitKind.S64 or WitKind.U64: into.Add(ValType.I64); break;
            case WitKind.F32: into.Add(ValType.F32); break;
            case WitKind.F64: into.Add(ValType.F64); break;
            case WitKind.String or WitKind.List: into.Add(ValType.I32); into.Add(ValType.I32); break;
            case WitKind.Record or WitKind.Tuple:
                foreach (var f in t.Fields) Append(f.Type, into);
                break;
            case WitKind.Flags:
                for (int i = 0; i < (t.Names.Count + 31) / 32; i++) into.Add(ValType.I32);
                break;
            default: into.Add(ValType.I32); break;
        }
    }

    private static List<ValType> FlattenVariant(WitType t)
    {
        var flat = new List<ValType>();
        foreach (var c in t.Cases)
        {
            if (c.Payload is null) continue;
            var caseFlat = c.Payload.Layout.Flat;
            for (int i = 0; i < caseFlat.Length; i++)
            {
                if (i < flat.Count) flat[i] = Join(flat[i], caseFlat[i]);
                else flat.Add(caseFlat[i]);
            }
        }
        flat.Insert(0, ValType.I32);
        return flat;
    }

    internal static ValType Join(ValType a, ValType b)
    {
        if (a == b) return a;
        if ((a == ValType.I32 && b == ValType.F32) || (a == ValType.F32 && b == ValType.I32)) return ValType.I32;
        return ValType.I64;
    }

    /// <summary>The core signature of a lifted export or a lowered import of <paramref name="type"/>.
    /// Exports return a pointer to a return area; imports take the return area pointer as a last parameter.</summary>
    public static FuncType CoreSignature(ComponentFuncType type, bool forImport)
    {
        var ps = Flatten(type.Parameters.Select(p => p.Type));
        if (ps.Count > MaxFlatParams) ps = [ValType.I32];
        var rs = type.Result is null ? [] : Flatten(type.Result);
        if (rs.Count > MaxFlatResults)
        {
            if (forImport)
            {
                ps.Add(ValType.I32);
                rs = [];
            }
            else rs = [ValType.I32];
        }
        return new FuncType(ps, rs);
    }
}
