using System.Numerics;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Float/integer conversions with exact range checks (trapping and saturating forms) and correctly
/// rounded unsigned/64-bit integer to float conversions.</summary>
internal static class ConvOps
{
    private static void Check(bool nan, bool inRange)
    {
        if (nan) Traps.Throw(TrapCode.InvalidConversionToInteger);
        if (!inRange) Traps.Throw(TrapCode.IntegerOverflow);
    }

    public static int I32TruncF32S(float x) { Check(float.IsNaN(x), x >= -2147483648f && x < 2147483648f); return (int)x; }
    public static int I32TruncF32U(float x) { Check(float.IsNaN(x), x > -1f && x < 4294967296f); return (int)(uint)x; }
    public static int I32TruncF64S(double x) { Check(double.IsNaN(x), x > -2147483649.0 && x < 2147483648.0); return (int)x; }
    public static int I32TruncF64U(double x) { Check(double.IsNaN(x), x > -1.0 && x < 4294967296.0); return (int)(uint)x; }
    public static long I64TruncF32S(float x) { Check(float.IsNaN(x), x >= -9223372036854775808f && x < 9223372036854775808f); return (long)x; }
    public static long I64TruncF32U(float x) { Check(float.IsNaN(x), x > -1f && x < 18446744073709551616f); return (long)U64(x); }
    public static long I64TruncF64S(double x) { Check(double.IsNaN(x), x >= -9223372036854775808.0 && x < 9223372036854775808.0); return (long)x; }
    public static long I64TruncF64U(double x) { Check(double.IsNaN(x), x > -1.0 && x < 18446744073709551616.0); return (long)U64(x); }

    /// <summary>Truncation of an in-range value in [0, 2^64) without relying on the runtime's unsigned conversion.</summary>
    private static ulong U64(double x)
    {
        if (x < 9223372036854775808.0) return (ulong)(long)x;
        return (ulong)(long)(x - 9223372036854775808.0) + 9223372036854775808UL;
    }

    public static int I32TruncSatF32S(float x) => float.IsNaN(x) ? 0 : x <= -2147483648f ? int.MinValue : x >= 2147483648f ? int.MaxValue : (int)x;
    public static int I32TruncSatF32U(float x) => float.IsNaN(x) || x <= -1f ? 0 : x >= 4294967296f ? -1 : (int)(uint)x;
    public static int I32TruncSatF64S(double x) => double.IsNaN(x) ? 0 : x <= -2147483648.0 ? int.MinValue : x >= 2147483648.0 ? int.MaxValue : (int)x;
    public static int I32TruncSatF64U(double x) => double.IsNaN(x) || x <= -1.0 ? 0 : x >= 4294967296.0 ? -1 : (int)(uint)x;
    public static long I64TruncSatF32S(float x) => float.IsNaN(x) ? 0 : x <= -9223372036854775808f ? long.MinValue : x >= 9223372036854775808f ? long.MaxValue : (long)x;
    public static long I64TruncSatF32U(float x) => float.IsNaN(x) || x <= -1f ? 0 : x >= 18446744073709551616f ? -1 : (long)U64(x);
    public static long I64TruncSatF64S(double x) => double.IsNaN(x) ? 0 : x <= -9223372036854775808.0 ? long.MinValue : x >= 9223372036854775808.0 ? long.MaxValue : (long)x;
    public static long I64TruncSatF64U(double x) => double.IsNaN(x) || x <= -1.0 ? 0 : x >= 18446744073709551616.0 ? -1 : (long)U64(x);

    public static float F32ConvertI32S(int x) => (float)(double)x;
    public static float F32ConvertI32U(int x) => (float)(double)(uint)x;
    public static double F64ConvertI32U(int x) => (uint)x;
    public static double F64ConvertI64S(long x) => x;

    /// <summary>u64 to f32 with a single rounding: reduce to 53 significant bits keeping a sticky bit, then round.</summary>
    public static float F32ConvertI64U(long v)
    {
        ulong u = (ulong)v;
        if (u <= 1UL << 53) return (float)(double)(long)u;
        int shift = 64 - 53 - BitOperations.LeadingZeroCount(u);
        ulong lost = u & ((1UL << shift) - 1);
        ulong top = (u >> shift) | (lost != 0 ? 1UL : 0UL);
        return (float)Math.ScaleB((double)(long)top, shift);
    }

    public static float F32ConvertI64S(long v)
    {
        if (v >= -(1L << 53) && v <= 1L << 53) return (float)(double)v;
        if (v < 0) return -F32ConvertI64U((long)(0UL - (ulong)v));
        return F32ConvertI64U(v);
    }

    public static double F64ConvertI64U(long v)
    {
        ulong u = (ulong)v;
        if (u < 1UL << 63) return (double)(long)u;
        ulong half = (u >> 1) | (u & 1);
        return (double)(long)half * 2.0;
    }
}
