namespace Greentic.Wasm;

/// <summary>A WebAssembly value type. The numeric values are the binary-format encodings.</summary>
public enum ValType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    /// <summary>Reserved: SIMD is decoded as a type but not yet executable.</summary>
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

public static class ValTypeExtensions
{
    /// <summary>The "unknown" (bottom) type used by the validator for polymorphic stacks.</summary>
    internal const ValType Unknown = 0;

    public static bool IsNumeric(this ValType t) => t is ValType.I32 or ValType.I64 or ValType.F32 or ValType.F64;
    public static bool IsReference(this ValType t) => t is ValType.FuncRef or ValType.ExternRef;

    internal static bool IsValid(byte b) => b is 0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F;

    public static string Name(this ValType t) => t switch
    {
        ValType.I32 => "i32",
        ValType.I64 => "i64",
        ValType.F32 => "f32",
        ValType.F64 => "f64",
        ValType.V128 => "v128",
        ValType.FuncRef => "funcref",
        ValType.ExternRef => "externref",
        Unknown => "unknown",
        _ => $"0x{(byte)t:x2}",
    };

    /// <summary>The CLR type that carries a value of this type in compiled code.</summary>
    internal static Type ClrType(this ValType t) => t switch
    {
        ValType.I32 => typeof(int),
        ValType.I64 => typeof(long),
        ValType.F32 => typeof(float),
        ValType.F64 => typeof(double),
        ValType.FuncRef or ValType.ExternRef => typeof(object),
        _ => throw new NotSupportedException($"value type {t.Name()} is not supported"),
    };
}
