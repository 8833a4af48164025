using System.Globalization;
using System.Text;

namespace Greentic.Wasm.Component;

/// <summary>A component-model value. It does not carry its full type: the <see cref="WitType"/> of the function
/// signature gives it meaning. Records and tuples hold their fields in order; variants, enums, options and
/// results hold a case index and an optional payload; <c>list&lt;u8&gt;</c> may be held as a byte array.</summary>
public sealed class ComponentValue : IEquatable<ComponentValue>
{
    private readonly ulong bits;
    private readonly object? data;

    private ComponentValue(WitKind kind, ulong bits = 0, object? data = null, int caseIndex = 0)
    {
        Kind = kind;
        this.bits = bits;
        this.data = data;
        CaseIndex = caseIndex;
    }

    public WitKind Kind { get; }
    /// <summary>The case of a variant, enum, option (0 none, 1 some) or result (0 ok, 1 err).</summary>
    public int CaseIndex { get; }

    public static ComponentValue Bool(bool v) => new(WitKind.Bool, v ? 1UL : 0UL);
    public static ComponentValue S8(sbyte v) => new(WitKind.S8, (ulong)(long)v);
    public static ComponentValue U8(byte v) => new(WitKind.U8, v);
    public static ComponentValue S16(short v) => new(WitKind.S16, (ulong)(long)v);
    public static ComponentValue U16(ushort v) => new(WitKind.U16, v);
    public static ComponentValue S32(int v) => new(WitKind.S32, (ulong)(long)v);
    public static ComponentValue U32(uint v) => new(WitKind.U32, v);
    public static ComponentValue S64(long v) => new(WitKind.S64, (ulong)v);
    public static ComponentValue U64(ulong v) => new(WitKind.U64, v);
    public static ComponentValue F32(float v) => new(WitKind.F32, (uint)BitConverter.SingleToInt32Bits(v));
    public static ComponentValue F64(double v) => new(WitKind.F64, (ulong)BitConverter.DoubleToInt64Bits(v));

    /// <summary>A Unicode scalar value (surrogates and values above U+10FFFF are rejected).</summary>
    public static ComponentValue Char(int scalar)
    {
        if (!Rune.IsValid(scalar)) throw new ArgumentOutOfRangeException(nameof(scalar), $"0x{scalar:x} is not a Unicode scalar value");
        return new(WitKind.Char, (uint)scalar);
    }

    public static ComponentValue String(string v) => new(WitKind.String, data: v ?? throw new ArgumentNullException(nameof(v)));
    public static ComponentValue List(params ComponentValue[] items) => new(WitKind.List, data: items);
    public static ComponentValue List(IEnumerable<ComponentValue> items) => new(WitKind.List, data: items.ToArray());
    /// <summary>A <c>list&lt;u8&gt;</c> held as bytes.</summary>
    public static ComponentValue Bytes(byte[] v) => new(WitKind.List, data: v ?? throw new ArgumentNullException(nameof(v)));
    public static ComponentValue Utf8Bytes(string text) => Bytes(Encoding.UTF8.GetBytes(text));
    public static ComponentValue Record(params ComponentValue[] fields) => new(WitKind.Record, data: fields);
    public static ComponentValue Tuple(params ComponentValue[] items) => new(WitKind.Tuple, data: items);
    public static ComponentValue Variant(int caseIndex, ComponentValue? payload = null) => new(WitKind.Variant, data: payload, caseIndex: caseIndex);
    public static ComponentValue Enum(int caseIndex) => new(WitKind.Enum, caseIndex: caseIndex);
    public static ComponentValue Flags(uint mask) => new(WitKind.Flags, mask);
    public static ComponentValue None() => new(WitKind.Option, caseIndex: 0);
    public static ComponentValue Some(ComponentValue v) => new(WitKind.Option, data: v ?? throw new ArgumentNullException(nameof(v)), caseIndex: 1);
    public static ComponentValue Ok(ComponentValue? v = null) => new(WitKind.Result, data: v, caseIndex: 0);
    public static ComponentValue Err(ComponentValue? v = null) => new(WitKind.Result, data: v, caseIndex: 1);

    public bool AsBool() => Expect(WitKind.Bool).bits != 0;
    /// <summary>Any integer kind, sign-extended for signed kinds.</summary>
    public long AsInt64() => IsInteger ? (long)bits : throw Mismatch("an integer");
    /// <summary>Any integer kind, as the raw unsigned bits.</summary>
    public ulong AsUInt64() => IsInteger ? bits : throw Mismatch("an integer");
    public float AsF32() => BitConverter.Int32BitsToSingle((int)Expect(WitKind.F32).bits);
    public double AsF64() => BitConverter.Int64BitsToDouble((long)Expect(WitKind.F64).bits);
    public int AsChar() => (int)Expect(WitKind.Char).bits;
    public string AsString() => (string)Expect(WitKind.String).data!;
    public uint AsFlags() => (uint)Expect(WitKind.Flags).bits;
    internal ulong RawBits => bits;

    /// <summary>The bytes of a <c>list&lt;u8&gt;</c> (converted when the list holds U8 items).</summary>
    public byte[] AsBytes()
    {
        Expect(WitKind.List);
        return data is byte[] b ? b : ((ComponentValue[])data!).Select(i => (byte)i.AsUInt64()).ToArray();
    }

    /// <summary>Items of a list, fields of a record, elements of a tuple.</summary>
    public IReadOnlyList<ComponentValue> Items => Kind switch
    {
        WitKind.List when data is byte[] b => b.Select(U8).ToArray(),
        WitKind.List or WitKind.Record or WitKind.Tuple => (ComponentValue[])data!,
        _ => throw Mismatch("a list, record or tuple"),
    };

    internal bool IsByteList => data is byte[];

    /// <summary>The payload of a variant case, some, ok or err; null when the case has none.</summary>
    public ComponentValue? Payload => Kind is WitKind.Variant or WitKind.Option or WitKind.Result ? data as ComponentValue : throw Mismatch("a variant, option or result");

    public bool IsNone => Kind == WitKind.Option && CaseIndex == 0;
    public bool IsOk => Kind == WitKind.Result && CaseIndex == 0;

    private bool IsInteger => Kind is WitKind.S8 or WitKind.U8 or WitKind.S16 or WitKind.U16 or WitKind.S32 or WitKind.U32 or WitKind.S64 or WitKind.U64;

    private ComponentValue Expect(WitKind kind) => Kind == kind ? this : throw Mismatch(kind.ToString().ToLowerInvariant());

    private InvalidOperationException Mismatch(string wanted) => new($"the value is {Kind.ToString().ToLowerInvariant()}, not {wanted}");

    public bool Equals(ComponentValue? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (Kind != other.Kind || CaseIndex != other.CaseIndex || bits != other.bits) return false;
        return (data, other.data) switch
        {
            (null, null) => true,
            (string a, string b) => a == b,
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (ComponentValue a, ComponentValue b) => a.Equals(b),
            (byte[] or ComponentValue[], byte[] or ComponentValue[]) => Items.SequenceEqual(other.Items),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is ComponentValue v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Kind, CaseIndex, bits, data is string s ? s.GetHashCode(StringComparison.Ordinal) : 0);

    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    private void Write(StringBuilder sb)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (Kind)
        {
            case WitKind.Bool: sb.Append(bits != 0 ? "true" : "false"); break;
            case WitKind.S8 or WitKind.S16 or WitKind.S32 or WitKind.S64: sb.Append(((long)bits).ToString(inv)); break;
            case WitKind.U8 or WitKind.U16 or WitKind.U32 or WitKind.U64: sb.Append(bits.ToString(inv)); break;
            case WitKind.F32: sb.Append(AsF32().ToString("R", inv)); break;
            case WitKind.F64: sb.Append(AsF64().ToString("R", inv)); break;
            case WitKind.Char: sb.Append('\'').Append(char.ConvertFromUtf32((int)bits)).Append('\''); break;
            case WitKind.String: sb.Append('"').Append(((string)data!).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"'); break;
            case WitKind.List: WriteItems(sb, '[', ']'); break;
            case WitKind.Record: WriteItems(sb, '{', '}'); break;
            case WitKind.Tuple: WriteItems(sb, '(', ')'); break;
            case WitKind.Enum: sb.Append('#').Append(CaseIndex.ToString(inv)); break;
            case WitKind.Flags: sb.Append("flags(0x").Append(bits.ToString("x", inv)).Append(')'); break;
            default:
                sb.Append(Kind switch
                {
                    WitKind.Option => CaseIndex == 0 ? "none" : "some",
                    WitKind.Result => CaseIndex == 0 ? "ok" : "err",
                    _ => "case" + CaseIndex.ToString(inv),
                });
                if (data is ComponentValue p)
                {
                    sb.Append('(');
                    p.Write(sb);
                    sb.Append(')');
                }
                break;
        }
    }

    private void WriteItems(StringBuilder sb, char open, char close)
    {
        sb.Append(open);
        var items = Items;
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            items[i].Write(sb);
        }
        sb.Append(close);
    }
}
