namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Moves values between <see cref="Value"/> arrays and typed CLR values (used by the entry and host stubs).</summary>
internal static class ValueSupport
{
    public static int GetI32(Value[] a, int i) => a[i].AsI32();
    public static long GetI64(Value[] a, int i) => a[i].AsI64();
    public static float GetF32(Value[] a, int i) => a[i].AsF32();
    public static double GetF64(Value[] a, int i) => a[i].AsF64();
    public static object? GetRef(Value[] a, int i) => a[i].AsRef();

    public static void SetI32(Value[] a, int i, int v) => a[i] = Value.I32(v);
    public static void SetI64(Value[] a, int i, long v) => a[i] = Value.I64(v);
    public static void SetF32(Value[] a, int i, float v) => a[i] = Value.F32(v);
    public static void SetF64(Value[] a, int i, double v) => a[i] = Value.F64(v);
    public static void SetFuncRef(Value[] a, int i, object? v) => a[i] = Value.FuncRef((Function?)v);
    public static void SetExternRef(Value[] a, int i, object? v) => a[i] = Value.ExternRef(v);

    public static string GetterName(ValType t) => t switch
    {
        ValType.I32 => nameof(GetI32),
        ValType.I64 => nameof(GetI64),
        ValType.F32 => nameof(GetF32),
        ValType.F64 => nameof(GetF64),
        _ => nameof(GetRef),
    };

    public static string SetterName(ValType t) => t switch
    {
        ValType.I32 => nameof(SetI32),
        ValType.I64 => nameof(SetI64),
        ValType.F32 => nameof(SetF32),
        ValType.F64 => nameof(SetF64),
        ValType.FuncRef => nameof(SetFuncRef),
        _ => nameof(SetExternRef),
    };
}
