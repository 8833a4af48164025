using System.Text;

namespace Greentic.Wasm.Component;

/// <summary>Writes component values as core values and into linear memory ("lower"). Strings and lists are
/// copied into buffers the guest allocates with cabi_realloc. A host value that does not match its type is an
/// <see cref="ArgumentException"/> naming the expected type.</summary>
internal static class CanonicalLower
{
    public static void Store(CanonicalContext cx, ComponentValue v, WitType t, long ptr)
    {
        Expect(v, t);
        switch (t.Kind)
        {
            case WitKind.Bool or WitKind.S8 or WitKind.U8: cx.StoreInt(ptr, 1, v.RawBits); break;
            case WitKind.S16 or WitKind.U16: cx.StoreInt(ptr, 2, v.RawBits); break;
            case WitKind.S32 or WitKind.U32 or WitKind.F32 or WitKind.Char: cx.StoreInt(ptr, 4, v.RawBits); break;
            case WitKind.S64 or WitKind.U64 or WitKind.F64: cx.StoreInt(ptr, 8, v.RawBits); break;
            case WitKind.String or WitKind.List:
            {
                var (p, len) = t.Kind == WitKind.String ? StoreString(cx, v.AsString()) : StoreList(cx, v, t.Element!);
                cx.StoreInt(ptr, 4, (ulong)p);
                cx.StoreInt(ptr + 4, 4, (ulong)len);
                break;
            }
            case WitKind.Record or WitKind.Tuple:
            {
                var items = Fields(v, t);
                var offsets = CanonicalLayout.FieldOffsets(t);
                for (int i = 0; i < offsets.Length; i++) Store(cx, items[i], t.Fields[i].Type, ptr + offsets[i]);
                break;
            }
            case WitKind.Flags: cx.StoreInt(ptr, CanonicalLayout.FlagsSize(t.Names.Count), v.AsFlags()); break;
            default:
            {
                var payloadType = CaseOf(v, t);
                cx.StoreInt(ptr, CanonicalLayout.DiscriminantSize(t.Cases.Count), (ulong)v.CaseIndex);
                if (payloadType is not null) Store(cx, v.Payload!, payloadType, ptr + CanonicalLayout.PayloadOffset(t));
                break;
            }
        }
    }

    public static void LowerFlat(CanonicalContext cx, ComponentValue v, WitType t, List<Value> into)
    {
        Expect(v, t);
        switch (t.Kind)
        {
            case WitKind.S64 or WitKind.U64: into.Add(Value.I64((long)v.RawBits)); break;
            case WitKind.F32: into.Add(Value.F32Bits((int)v.RawBits)); break;
            case WitKind.F64: into.Add(Value.F64Bits((long)v.RawBits)); break;
            case WitKind.String or WitKind.List:
            {
                var (p, len) = t.Kind == WitKind.String ? StoreString(cx, v.AsString()) : StoreList(cx, v, t.Element!);
                into.Add(Value.I32((int)p));
                into.Add(Value.I32((int)len));
                break;
            }
            case WitKind.Record or WitKind.Tuple:
            {
                var items = Fields(v, t);
                for (int i = 0; i < items.Count; i++) LowerFlat(cx, items[i], t.Fields[i].Type, into);
                break;
            }
            case WitKind.Flags: into.Add(Value.I32((int)v.AsFlags())); break;
            case WitKind.Variant or WitKind.Enum or WitKind.Option or WitKind.Result:
            {
                var payloadType = CaseOf(v, t);
                var flat = t.Layout.Flat;
                into.Add(Value.I32(v.CaseIndex));
                var payload = new List<Value>();
                if (payloadType is not null) LowerFlat(cx, v.Payload!, payloadType, payload);
                for (int i = 1; i < flat.Length; i++)
                    into.Add(i - 1 < payload.Count ? Coerce(payload[i - 1], flat[i]) : Value.Default(flat[i]));
                break;
            }
            default: into.Add(Value.I32((int)v.RawBits)); break; // bool, 8/16/32-bit integers, char: zero- or sign-extended bits fit in i32
        }
    }

    /// <summary>Widens a payload's core value to the variant's joined slot type (CanonicalABI.md lower_flat_variant).</summary>
    private static Value Coerce(Value v, ValType want) => (v.Type, want) switch
    {
        (ValType.F32, ValType.I32) => Value.I32(v.F32Bits()),
        (ValType.I32, ValType.I64) => Value.I64((uint)v.AsI32()),
        (ValType.F32, ValType.I64) => Value.I64((uint)v.F32Bits()),
        (ValType.F64, ValType.I64) => Value.I64(v.F64Bits()),
        _ => v,
    };

    private static (long Ptr, long Length) StoreString(CanonicalContext cx, string s)
    {
        byte[] bytes;
        try
        {
            bytes = new UTF8Encoding(false, true).GetBytes(s);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("the string contains an unpaired surrogate and cannot be encoded as UTF-8", e);
        }
        long ptr = cx.Allocate(1, bytes.Length);
        bytes.CopyTo(cx.Write(ptr, bytes.Length));
        return (ptr, bytes.Length);
    }

    private static (long Ptr, long Length) StoreList(CanonicalContext cx, ComponentValue v, WitType element)
    {
        int size = CanonicalLayout.Size(element);
        if (element.Kind == WitKind.U8 && v.IsByteList)
        {
            var bytes = v.AsBytes();
            long p = cx.Allocate(1, bytes.Length);
            bytes.CopyTo(cx.Write(p, bytes.Length));
            return (p, bytes.Length);
        }
        var items = v.Items;
        long ptr = cx.Allocate(CanonicalLayout.Alignment(element), (long)items.Count * size);
        for (int i = 0; i < items.Count; i++) Store(cx, items[i], element, ptr + (long)i * size);
        return (ptr, items.Count);
    }

    private static IReadOnlyList<ComponentValue> Fields(ComponentValue v, WitType t)
    {
        var items = v.Items;
        if (items.Count != t.Fields.Count)
            throw new ArgumentException($"{t} has {t.Fields.Count} fields, the value has {items.Count}");
        return items;
    }

    private static WitType? CaseOf(ComponentValue v, WitType t)
    {
        if (v.CaseIndex < 0 || v.CaseIndex >= t.Cases.Count)
            throw new ArgumentException($"case {v.CaseIndex} is out of range for {t}");
        var payloadType = t.Cases[v.CaseIndex].Payload;
        bool hasPayload = t.Kind != WitKind.Enum && v.Payload is not null;
        if (hasPayload != (payloadType is not null))
            throw new ArgumentException($"case '{t.Cases[v.CaseIndex].Name}' of {t} {(payloadType is null ? "has no payload" : "needs a payload of type " + payloadType)}");
        return payloadType;
    }

    private static void Expect(ComponentValue v, WitType t)
    {
        if (v is null) throw new ArgumentException($"a value of type {t} is missing (null)");
        if (v.Kind != t.Kind && !(t.Kind == WitKind.Tuple && v.Kind == WitKind.Record))
            throw new ArgumentException($"expected a value of type {t}, got {v.Kind.ToString().ToLowerInvariant()} {v}");
    }
}
