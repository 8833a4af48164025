using System.Runtime.CompilerServices;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Bit-exact float operations. Sign operations work on the bits (never touching NaN payloads);
/// min/max/rounding return a quiet (arithmetic) NaN whenever an operand is NaN, as the spec requires.</summary>
internal static class FloatOps
{
    // Mutable on purpose: the JIT folds x-0, x*1, x/1, x*-1 ... when it sees these constants, which turns a
    // signalling NaN input into a non-arithmetic NaN result. Loading them from a mutable field hides the value.
    public static float F32Zero = 0f, F32NegZero = -0f, F32One = 1f, F32NegOne = -1f;
    public static double F64Zero = 0d, F64NegZero = -0d, F64One = 1d, F64NegOne = -1d;

    /// <summary>Loads an f32 from its bits without letting the JIT fold it into a constant: the JIT keeps float
    /// constants as doubles, which would quiet a signalling NaN.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float F32FromBitsOpaque(int bits) => BitConverter.Int32BitsToSingle(bits);

    /// <summary>f32(f64(x)) with the NaN quieting the round trip implies, in a form the JIT cannot fold to x.</summary>
    public static float PromoteDemoteF32(float x) =>
        float.IsNaN(x) ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) | 0x00400000) : x;

    public static float AbsF32(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & 0x7FFFFFFF);
    public static float NegF32(float a) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) ^ int.MinValue);
    public static float CopysignF32(float a, float b) => BitConverter.Int32BitsToSingle(
        (BitConverter.SingleToInt32Bits(a) & 0x7FFFFFFF) | (BitConverter.SingleToInt32Bits(b) & int.MinValue));

    public static double AbsF64(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & long.MaxValue);
    public static double NegF64(double a) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) ^ long.MinValue);
    public static double CopysignF64(double a, double b) => BitConverter.Int64BitsToDouble(
        (BitConverter.DoubleToInt64Bits(a) & long.MaxValue) | (BitConverter.DoubleToInt64Bits(b) & long.MinValue));

    public static float MinF32(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b));
        return a < b ? a : b;
    }

    public static float MaxF32(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b));
        return a > b ? a : b;
    }

    public static double MinF64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
        return a < b ? a : b;
    }

    public static double MaxF64(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return a + b;
        if (a == b) return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b));
        return a > b ? a : b;
    }

    public static float CeilF32(float a) => float.IsNaN(a) ? a + a : MathF.Ceiling(a);
    public static float FloorF32(float a) => float.IsNaN(a) ? a + a : MathF.Floor(a);
    public static float TruncF32(float a) => float.IsNaN(a) ? a + a : MathF.Truncate(a);
    public static float NearestF32(float a) => float.IsNaN(a) ? a + a : MathF.Round(a, MidpointRounding.ToEven);
    public static float SqrtF32(float a) => MathF.Sqrt(a);
    public static double CeilF64(double a) => double.IsNaN(a) ? a + a : Math.Ceiling(a);
    public static double FloorF64(double a) => double.IsNaN(a) ? a + a : Math.Floor(a);
    public static double TruncF64(double a) => double.IsNaN(a) ? a + a : Math.Truncate(a);
    public static double NearestF64(double a) => double.IsNaN(a) ? a + a : Math.Round(a, MidpointRounding.ToEven);
    public static double SqrtF64(double a) => Math.Sqrt(a);
}
