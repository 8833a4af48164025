using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Linear-memory accesses from compiled code. The effective address is computed in 64 bits
/// (u32 address + u32 offset) and checked against the current buffer, so nothing can wrap or escape.</summary>
internal static class MemoryOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref byte At(Memory m, int addr, long offset, int size)
    {
        ulong ea = (uint)addr + (ulong)offset;
        if (ea + (ulong)size > (ulong)Volatile.Read(ref m.ByteLength)) Traps.ThrowMemory();
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(m.Buffer), (nint)ea);
    }

    /// <summary>The accessible bytes: the current length, read before the buffer (see <see cref="Memory.ByteLength"/>).</summary>
    private static Span<byte> Bytes(Memory m)
    {
        long len = Volatile.Read(ref m.ByteLength);
        return m.Buffer.AsSpan(0, (int)len);
    }

    public static int I32Load(int a, long o, Memory m) => Unsafe.ReadUnaligned<int>(ref At(m, a, o, 4));
    public static long I64Load(int a, long o, Memory m) => Unsafe.ReadUnaligned<long>(ref At(m, a, o, 8));
    public static float F32Load(int a, long o, Memory m) => Unsafe.ReadUnaligned<float>(ref At(m, a, o, 4));
    public static double F64Load(int a, long o, Memory m) => Unsafe.ReadUnaligned<double>(ref At(m, a, o, 8));
    public static int I32Load8S(int a, long o, Memory m) => (sbyte)At(m, a, o, 1);
    public static int I32Load8U(int a, long o, Memory m) => At(m, a, o, 1);
    public static int I32Load16S(int a, long o, Memory m) => Unsafe.ReadUnaligned<short>(ref At(m, a, o, 2));
    public static int I32Load16U(int a, long o, Memory m) => Unsafe.ReadUnaligned<ushort>(ref At(m, a, o, 2));
    public static long I64Load8S(int a, long o, Memory m) => (sbyte)At(m, a, o, 1);
    public static long I64Load8U(int a, long o, Memory m) => At(m, a, o, 1);
    public static long I64Load16S(int a, long o, Memory m) => Unsafe.ReadUnaligned<short>(ref At(m, a, o, 2));
    public static long I64Load16U(int a, long o, Memory m) => Unsafe.ReadUnaligned<ushort>(ref At(m, a, o, 2));
    public static long I64Load32S(int a, long o, Memory m) => Unsafe.ReadUnaligned<int>(ref At(m, a, o, 4));
    public static long I64Load32U(int a, long o, Memory m) => Unsafe.ReadUnaligned<uint>(ref At(m, a, o, 4));

    public static void I32Store(int a, int v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 4), v);
    public static void I64Store(int a, long v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 8), v);
    public static void F32Store(int a, float v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 4), v);
    public static void F64Store(int a, double v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 8), v);
    public static void I32Store8(int a, int v, long o, Memory m) => At(m, a, o, 1) = (byte)v;
    public static void I32Store16(int a, int v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 2), (short)v);
    public static void I64Store8(int a, long v, long o, Memory m) => At(m, a, o, 1) = (byte)v;
    public static void I64Store16(int a, long v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 2), (short)v);
    public static void I64Store32(int a, long v, long o, Memory m) => Unsafe.WriteUnaligned(ref At(m, a, o, 4), (int)v);

    public static int Size(Memory m) => (int)m.PageCount;

    public static int Grow(int delta, Memory m) => m.Grow((uint)delta);

    public static void Fill(int d, int value, int n, Memory m)
    {
        var bytes = Bytes(m);
        if ((ulong)(uint)d + (uint)n > (ulong)bytes.Length) Traps.ThrowMemory();
        bytes.Slice((int)(uint)d, (int)(uint)n).Fill((byte)value);
    }

    public static void Copy(int d, int s, int n, Memory m)
    {
        var bytes = Bytes(m);
        ulong len = (ulong)bytes.Length;
        if ((ulong)(uint)d + (uint)n > len || (ulong)(uint)s + (uint)n > len) Traps.ThrowMemory();
        bytes.Slice((int)(uint)s, (int)(uint)n).CopyTo(bytes.Slice((int)(uint)d, (int)(uint)n));
    }

    public static void Init(int d, int s, int n, InstanceContext ctx, int segment)
    {
        byte[] data = ctx.Datas[segment] ?? [];
        var bytes = Bytes(ctx.Memory0!);
        if ((ulong)(uint)s + (uint)n > (ulong)data.LongLength || (ulong)(uint)d + (uint)n > (ulong)bytes.Length)
            Traps.ThrowMemory();
        data.AsSpan((int)(uint)s, (int)(uint)n).CopyTo(bytes.Slice((int)(uint)d, (int)(uint)n));
    }

    public static void DataDrop(InstanceContext ctx, int segment) => ctx.Datas[segment] = null;
}
