using System.Text;

namespace Greentic.Wasm.Component;

/// <summary>Reads component values out of core values and linear memory ("lift"). Anything a hostile guest can
/// get wrong (pointers, lengths, UTF-8, discriminants, chars) traps instead of producing a value.</summary>
internal static class CanonicalLift
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ComponentValue Load(CanonicalContext cx, long ptr, WitType t)
    {
        switch (t.Kind)
        {
            case WitKind.Bool: return ComponentValue.Bool(cx.LoadInt(ptr, 1) != 0);
            case WitKind.S8: return ComponentValue.S8((sbyte)cx.LoadInt(ptr, 1));
            case WitKind.U8: return ComponentValue.U8((byte)cx.LoadInt(ptr, 1));
            case WitKind.S16: return ComponentValue.S16((short)cx.LoadInt(ptr, 2));
            case WitKind.U16: return ComponentValue.U16((ushort)cx.LoadInt(ptr, 2));
            case WitKind.S32: return ComponentValue.S32((int)cx.LoadInt(ptr, 4));
            case WitKind.U32: return ComponentValue.U32((uint)cx.LoadInt(ptr, 4));
            case WitKind.S64: return ComponentValue.S64((long)cx.LoadInt(ptr, 8));
            case WitKind.U64: return ComponentValue.U64(cx.LoadInt(ptr, 8));
            case WitKind.F32: return ComponentValue.F32(BitConverter.Int32BitsToSingle((int)cx.LoadInt(ptr, 4)));
            case WitKind.F64: return ComponentValue.F64(BitConverter.Int64BitsToDouble((long)cx.LoadInt(ptr, 8)));
            case WitKind.Char: return Char((uint)cx.LoadInt(ptr, 4));
            case WitKind.String: return String(cx, (uint)cx.LoadInt(ptr, 4), (uint)cx.LoadInt(ptr + 4, 4));
            case WitKind.List: return List(cx, (uint)cx.LoadInt(ptr, 4), (uint)cx.LoadInt(ptr + 4, 4), t.Element!);
            case WitKind.Record or WitKind.Tuple:
            {
                var offsets = CanonicalLayout.FieldOffsets(t);
                var fields = new ComponentValue[offsets.Length];
                for (int i = 0; i < fields.Length; i++) fields[i] = Load(cx, ptr + offsets[i], t.Fields[i].Type);
                return t.Kind == WitKind.Record ? ComponentValue.Record(fields) : ComponentValue.Tuple(fields);
            }
            case WitKind.Flags: return Flags(t, cx.LoadInt(ptr, CanonicalLayout.FlagsSize(t.Names.Count)));
            default:
            {
                int index = CaseIndex(t, cx.LoadInt(ptr, CanonicalLayout.DiscriminantSize(t.Cases.Count)));
                var payloadType = t.Cases[index].Payload;
                var payload = payloadType is null ? null : Load(cx, ptr + CanonicalLayout.PayloadOffset(t), payloadType);
                return MakeCase(t, index, payload);
            }
        }
    }

    /// <summary>Lifts a value from core values (the "flat" representation).</summary>
    public static ComponentValue LiftFlat(CanonicalContext cx, IFlatSource src, WitType t)
    {
        switch (t.Kind)
        {
            case WitKind.Bool: return ComponentValue.Bool(src.Next(ValType.I32).AsI32() != 0);
            case WitKind.S8: return ComponentValue.S8((sbyte)src.Next(ValType.I32).AsI32());
            case WitKind.U8: return ComponentValue.U8((byte)src.Next(ValType.I32).AsI32());
            case WitKind.S16: return ComponentValue.S16((short)src.Next(ValType.I32).AsI32());
            case WitKind.U16: return ComponentValue.U16((ushort)src.Next(ValType.I32).AsI32());
            case WitKind.S32: return ComponentValue.S32(src.Next(ValType.I32).AsI32());
            case WitKind.U32: return ComponentValue.U32((uint)src.Next(ValType.I32).AsI32());
            case WitKind.S64: return ComponentValue.S64(src.Next(ValType.I64).AsI64());
            case WitKind.U64: return ComponentValue.U64((ulong)src.Next(ValType.I64).AsI64());
            case WitKind.F32: return ComponentValue.F32(src.Next(ValType.F32).AsF32());
            case WitKind.F64: return ComponentValue.F64(src.Next(ValType.F64).AsF64());
            case WitKind.Char: return Char((uint)src.Next(ValType.I32).AsI32());
            case WitKind.String or WitKind.List:
            {
                uint ptr = (uint)src.Next(ValType.I32).AsI32();
                uint len = (uint)src.Next(ValType.I32).AsI32();
                return t.Kind == WitKind.String ? String(cx, ptr, len) : List(cx, ptr, len, t.Element!);
            }
            case WitKind.Record or WitKind.Tuple:
            {
                var fields = new ComponentValue[t.Fields.Count];
                for (int i = 0; i < fields.Length; i++) fields[i] = LiftFlat(cx, src, t.Fields[i].Type);
                return t.Kind == WitKind.Record ? ComponentValue.Record(fields) : ComponentValue.Tuple(fields);
            }
            case WitKind.Flags:
            {
                ulong bits = 0;
                for (int i = 0; i < (t.Names.Count + 31) / 32; i++) bits |= (uint)src.Next(ValType.I32).AsI32();
                return Flags(t, bits);
            }
            default:
            {
                var flat = t.Layout.Flat;
                int index = CaseIndex(t, (uint)src.Next(ValType.I32).AsI32());
                var coerce = new CoercingSource(src, flat);
                var payloadType = t.Cases[index].Payload;
                var payload = payloadType is null ? null : LiftFlat(cx, coerce, payloadType);
                coerce.SkipRest();
                return MakeCase(t, index, payload);
            }
        }
    }

    private static ComponentValue Char(uint scalar)
    {
        if (scalar >= 0x110000 || (scalar >= 0xD800 && scalar <= 0xDFFF))
            throw new TrapException(TrapCode.CanonicalAbi, $"0x{scalar:x} is not a Unicode scalar value");
        return ComponentValue.Char((int)scalar);
    }

    private static ComponentValue String(CanonicalContext cx, uint ptr, uint byteLength)
    {
        if (byteLength > int.MaxValue) throw new TrapException(TrapCode.CanonicalAbi, $"string length {byteLength} exceeds 2^31-1 bytes");
        var bytes = cx.Read(ptr, (int)byteLength);
        try
        {
            return ComponentValue.String(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException e)
        {
            throw new TrapException(TrapCode.CanonicalAbi, $"string at 0x{ptr:x} is not valid UTF-8", e);
        }
    }

    private static ComponentValue List(CanonicalContext cx, uint ptr, uint length, WitType element)
    {
        int align = CanonicalLayout.Alignment(element);
        int size = CanonicalLayout.Size(element);
        CanonicalContext.CheckAligned(ptr, align);
        long byteLength = (long)length * size;
        cx.CheckRange(ptr, byteLength);
        if (element.Kind == WitKind.U8) return ComponentValue.Bytes(cx.Read(ptr, (int)byteLength).ToArray());
        cx.ChargeElements(length);
        var items = new ComponentValue[length];
        for (long i = 0; i < length; i++) items[i] = Load(cx, ptr + i * size, element);
        return ComponentValue.List(items);
    }

    private static ComponentValue Flags(WitType t, ulong bits)
    {
        // Bits beyond the declared labels carry no meaning: drop them.
        uint mask = t.Names.Count == 32 ? uint.MaxValue : (1u << t.Names.Count) - 1;
        return ComponentValue.Flags((uint)bits & mask);
    }

    private static int CaseIndex(WitType t, ulong discriminant)
    {
        if (discriminant >= (ulong)t.Cases.Count)
            throw new TrapException(TrapCode.CanonicalAbi, $"discriminant {discriminant} is out of range for {t} ({t.Cases.Count} cases)");
        return (int)discriminant;
    }

    private static ComponentValue MakeCase(WitType t, int index, ComponentValue? payload) => t.Kind switch
    {
        WitKind.Enum => ComponentValue.Enum(index),
        WitKind.Option => index == 0 ? ComponentValue.None() : ComponentValue.Some(payload!),
        WitKind.Result => index == 0 ? ComponentValue.Ok(payload) : ComponentValue.Err(payload),
        _ => ComponentValue.Variant(index, payload),
    };
}
