namespace Greentic.Wasm.Component;

/// <summary>Sizes, alignments and field offsets of values in linear memory, per the canonical ABI
/// (CanonicalABI.md "Alignment", "Element Size").</summary>
public static class CanonicalLayout
{
    public static int Alignment(WitType t) => t.Layout.Alignment;

    public static int Size(WitType t) => t.Layout.Size;

    /// <summary>Offsets of the fields of a record or tuple.</summary>
    public static int[] FieldOffsets(WitType t) => t.Layout.FieldOffsets;

    /// <summary>Offset of a variant's payload from its start.</summary>
    public static int PayloadOffset(WitType t) => t.Layout.PayloadOffset;

    internal static int ComputeAlignment(WitType t) => t.Kind switch
    {
        WitKind.Bool or WitKind.S8 or WitKind.U8 => 1,
        WitKind.S16 or WitKind.U16 => 2,
        WitKind.S32 or WitKind.U32 or WitKind.F32 or WitKind.Char => 4,
        WitKind.S64 or WitKind.U64 or WitKind.F64 => 8,
        WitKind.String or WitKind.List => 4,
        WitKind.Record or WitKind.Tuple => t.Fields.Max(f => Alignment(f.Type)),
        WitKind.Flags => FlagsSize(t.Names.Count),
        _ => Math.Max(DiscriminantSize(t.Cases.Count), MaxCaseAlignment(t)),
    };

    internal static int ComputeSize(WitType t)
    {
        switch (t.Kind)
        {
            case WitKind.Bool or WitKind.S8 or WitKind.U8: return 1;
            case WitKind.S16 or WitKind.U16: return 2;
            case WitKind.S32 or WitKind.U32 or WitKind.F32 or WitKind.Char: return 4;
            case WitKind.S64 or WitKind.U64 or WitKind.F64: return 8;
            case WitKind.String or WitKind.List: return 8;
            case WitKind.Flags: return FlagsSize(t.Names.Count);
            case WitKind.Record or WitKind.Tuple:
            {
                int s = 0;
                foreach (var f in t.Fields)
                {
                    s = AlignTo(s, Alignment(f.Type));
                    s += Size(f.Type);
                }
                return AlignTo(s, ComputeAlignment(t));
            }
            default:
            {
                int s = DiscriminantSize(t.Cases.Count);
                s = AlignTo(s, MaxCaseAlignment(t));
                int maxCase = 0;
                foreach (var c in t.Cases)
                    if (c.Payload is not null) maxCase = Math.Max(maxCase, Size(c.Payload));
                s += maxCase;
                return AlignTo(s, ComputeAlignment(t));
            }
        }
    }

    internal static int[] ComputeFieldOffsets(WitType t)
    {
        var offsets = new int[t.Fields.Count];
        int s = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            var ft = t.Fields[i].Type;
            s = AlignTo(s, Alignment(ft));
            offsets[i] = s;
            s += Size(ft);
        }
        return offsets;
    }

    internal static int ComputePayloadOffset(WitType t) => AlignTo(DiscriminantSize(t.Cases.Count), MaxCaseAlignment(t));

    /// <summary>The byte size of the discriminant: u8 up to 256 cases, u16 up to 65536, else u32.</summary>
    public static int DiscriminantSize(int caseCount) => caseCount <= 256 ? 1 : caseCount <= 65536 ? 2 : 4;

    internal static int FlagsSize(int count) => count <= 8 ? 1 : count <= 16 ? 2 : 4;

    private static int MaxCaseAlignment(WitType t)
    {
        int a = 1;
        foreach (var c in t.Cases)
            if (c.Payload is not null) a = Math.Max(a, Alignment(c.Payload));
        return a;
    }

    internal static int AlignTo(int ptr, int alignment) => (ptr + alignment - 1) / alignment * alignment;

    internal static long AlignTo(long ptr, int alignment) => (ptr + alignment - 1) / alignment * alignment;
}
