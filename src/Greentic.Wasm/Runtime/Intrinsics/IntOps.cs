using System.Runtime.CompilerServices;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Integer operations whose WebAssembly semantics differ from the raw IL instruction (traps, masking).</summary>
internal static class IntOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivS32(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        if (b == -1 && a == int.MinValue) Traps.Throw(TrapCode.IntegerOverflow);
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DivU32(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (int)((uint)a / (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemS32(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        if (b == -1) return 0;
        return a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int RemU32(int a, int b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (int)((uint)a % (uint)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivS64(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        if (b == -1 && a == long.MinValue) Traps.Throw(TrapCode.IntegerOverflow);
        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DivU64(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (long)((ulong)a / (ulong)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemS64(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        if (b == -1) return 0;
        return a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RemU64(long a, long b)
    {
        if (b == 0) Traps.Throw(TrapCode.IntegerDivideByZero);
        return (long)((ulong)a % (ulong)b);
    }

    public static int Rotl32(int a, int b) => (int)System.Numerics.BitOperations.RotateLeft((uint)a, b);
    public static int Rotr32(int a, int b) => (int)System.Numerics.BitOperations.RotateRight((uint)a, b);
    public static long Rotl64(long a, long b) => (long)System.Numerics.BitOperations.RotateLeft((ulong)a, (int)b);
    public static long Rotr64(long a, long b) => (long)System.Numerics.BitOperations.RotateRight((ulong)a, (int)b);
    public static int Clz32(int a) => System.Numerics.BitOperations.LeadingZeroCount((uint)a);
    public static int Ctz32(int a) => System.Numerics.BitOperations.TrailingZeroCount(a);
    public static int Popcnt32(int a) => System.Numerics.BitOperations.PopCount((uint)a);
    public static long Clz64(long a) => System.Numerics.BitOperations.LeadingZeroCount((ulong)a);
    public static long Ctz64(long a) => System.Numerics.BitOperations.TrailingZeroCount(a);
    public static long Popcnt64(long a) => System.Numerics.BitOperations.PopCount((ulong)a);
}
