using System.Globalization;

namespace Greentic.Wasm;

/// <summary>A WebAssembly value: a number (kept as raw bits, so NaN payloads survive) or a reference.</summary>
public readonly struct Value : IEquatable<Value>
{
    private readonly long bits;
    private readonly object? reference;

    private Value(ValType type, long bits, object? reference)
    {
        Type = type;
        this.bits = bits;
        this.reference = reference;
    }

    public ValType Type { get; }

    public static Value I32(int v) => new(ValType.I32, (uint)v, null);
    public static Value I64(long v) => new(ValType.I64, v, null);
    public static Value F32(float v) => new(ValType.F32, (uint)BitConverter.SingleToInt32Bits(v), null);
    public static Value F64(double v) => new(ValType.F64, BitConverter.DoubleToInt64Bits(v), null);
    public static Value F32Bits(int bits) => new(ValType.F32, (uint)bits, null);
    public static Value F64Bits(long bits) => new(ValType.F64, bits, null);
    public static Value FuncRef(Function? f) => new(ValType.FuncRef, 0, f);
    public static Value ExternRef(object? o) => new(ValType.ExternRef, 0, o);
    public static Value Null(ValType refType) => new(refType, 0, null);

    /// <summary>The zero value of a type (what locals and new table slots hold).</summary>
    public static Value Default(ValType t) => new(t, 0, null);

    public int AsI32() => (int)bits;
    public long AsI64() => bits;
    public float AsF32() => BitConverter.Int32BitsToSingle((int)bits);
    public double AsF64() => BitConverter.Int64BitsToDouble(bits);
    public int F32Bits() => (int)bits;
    public long F64Bits() => bits;
    public long RawBits => bits;
    public object? AsRef() => reference;
    public Function? AsFunction() => reference as Function;
    public bool IsNull => Type.IsReference() && reference is null;

    /// <summary>Wraps a CLR value (int, long, float, double, Function, null or any object as externref).</summary>
    public static Value From(object? o, ValType type) => type switch
    {
        ValType.I32 => I32(Convert.ToInt32(o, CultureInfo.InvariantCulture)),
        ValType.I64 => I64(Convert.ToInt64(o, CultureInfo.InvariantCulture)),
        ValType.F32 => F32(Convert.ToSingle(o, CultureInfo.InvariantCulture)),
        ValType.F64 => F64(Convert.ToDouble(o, CultureInfo.InvariantCulture)),
        ValType.FuncRef => FuncRef((Function?)o),
        ValType.ExternRef => ExternRef(o),
        _ => throw new NotSupportedException($"value type {type.Name()}"),
    };

    /// <summary>The value as a boxed CLR object (int, long, float, double, or the reference).</summary>
    public object? ToObject() => Type switch
    {
        ValType.I32 => AsI32(),
        ValType.I64 => AsI64(),
        ValType.F32 => AsF32(),
        ValType.F64 => AsF64(),
        _ => reference,
    };

    public bool Equals(Value other) => Type == other.Type && bits == other.bits && ReferenceEquals(reference, other.reference);
    public override bool Equals(object? obj) => obj is Value v && Equals(v);
    public override int GetHashCode() => HashCode.Combine(Type, bits, reference);

    public override string ToString() => Type switch
    {
        ValType.I32 => $"i32:{AsI32()}",
        ValType.I64 => $"i64:{AsI64()}",
        ValType.F32 => $"f32:{AsF32().ToString("R", CultureInfo.InvariantCulture)} (0x{(uint)F32Bits():x8})",
        ValType.F64 => $"f64:{AsF64().ToString("R", CultureInfo.InvariantCulture)} (0x{F64Bits():x16})",
        _ => reference is null ? $"{Type.Name()}:null" : $"{Type.Name()}:{reference}",
    };
}
