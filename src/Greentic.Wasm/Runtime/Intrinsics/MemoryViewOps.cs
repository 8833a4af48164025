using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Loads and stores against a function's cached view of memory 0 (its buffer and byte length held in
/// IL locals). The view is reloaded at function entry and after every call and memory.grow — the only points
/// where the size can change, since a store runs on one thread — so the JIT can keep it in registers instead of
/// re-reading the <see cref="Memory"/> fields at every access. The bounds check is the same as
/// <see cref="MemoryOps"/>: u32 address + u32 offset + size, in 64 bits, against the current length.</summary>
internal static class MemoryViewOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte At(byte[] b, long len, int addr, long offset, int size)
    {
        ulong ea = (uint)addr + (ulong)offset;
        if (ea + (ulong)size > (ulong)len) Traps.ThrowMemory();
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(b), (nint)ea);
    }

    public static int I32Load(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<int>(ref At(b, n, a, o, 4));
    public static long I64Load(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<long>(ref At(b, n, a, o, 8));
    public static float F32Load(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<float>(ref At(b, n, a, o, 4));
    public static double F64Load(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<double>(ref At(b, n, a, o, 8));
    public static int I32Load8S(int a, long o, byte[] b, long n) => (sbyte)At(b, n, a, o, 1);
    public static int I32Load8U(int a, long o, byte[] b, long n) => At(b, n, a, o, 1);
    public static int I32Load16S(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<short>(ref At(b, n, a, o, 2));
    public static int I32Load16U(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<ushort>(ref At(b, n, a, o, 2));
    public static long I64Load8S(int a, long o, byte[] b, long n) => (sbyte)At(b, n, a, o, 1);
    public static long I64Load8U(int a, long o, byte[] b, long n) => At(b, n, a, o, 1);
    public static long I64Load16S(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<short>(ref At(b, n, a, o, 2));
    public static long I64Load16U(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<ushort>(ref At(b, n, a, o, 2));
    public static long I64Load32S(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<int>(ref At(b, n, a, o, 4));
    public static long I64Load32U(int a, long o, byte[] b, long n) => Unsafe.ReadUnaligned<uint>(ref At(b, n, a, o, 4));

    public static void I32Store(int a, int v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 4), v);
    public static void I64Store(int a, long v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 8), v);
    public static void F32Store(int a, float v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 4), v);
    public static void F64Store(int a, double v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 8), v);
    public static void I32Store8(int a, int v, long o, byte[] b, long n) => At(b, n, a, o, 1) = (byte)v;
    public static void I32Store16(int a, int v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 2), (short)v);
    public static void I64Store8(int a, long v, long o, byte[] b, long n) => At(b, n, a, o, 1) = (byte)v;
    public static void I64Store16(int a, long v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 2), (short)v);
    public static void I64Store32(int a, long v, long o, byte[] b, long n) => Unsafe.WriteUnaligned(ref At(b, n, a, o, 4), (int)v);
}
