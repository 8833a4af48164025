using System.Buffers.Binary;

namespace Greentic.Wasm.Component;

/// <summary>The canonical options of one lift or lower (linear memory, cabi_realloc, utf-8 strings), with the
/// bounds-checked memory accessors every load and store goes through. Bad guest pointers trap.</summary>
internal sealed class CanonicalContext
{
    public CanonicalContext(Memory? memory, Function? realloc)
    {
        Memory = memory;
        Realloc = realloc;
    }

    public Memory? Memory { get; }
    public Function? Realloc { get; }

    /// <summary>How many list elements one lift may produce (byte lists excepted: they are one copy, bounded by the
    /// memory size). Each element becomes a host object, so without a cap a hostile guest's list&lt;bool&gt; of a billion
    /// elements would exhaust the host's memory.</summary>
    public int MaxLiftedElements { get; set; } = ComponentInstance.DefaultMaxLiftedElements;

    private long liftBudget;

    /// <summary>Starts lifting one set of arguments or one result: resets the element budget.</summary>
    public void BeginLift() => liftBudget = MaxLiftedElements;

    public void ChargeElements(long count)
    {
        liftBudget -= count;
        if (liftBudget < 0)
            throw new TrapException(TrapCode.ResourceLimit, $"the guest's lists hold more than {MaxLiftedElements} elements in one call");
    }

    private Memory Mem => Memory ?? throw new TrapException(TrapCode.CanonicalAbi, "the module exports no memory, but the signature needs one");

    /// <summary>Traps unless [ptr, ptr+length) lies inside the memory.</summary>
    public void CheckRange(long ptr, long length)
    {
        if (ptr < 0 || length < 0 || ptr + length > Mem.Length)
            throw new TrapException(TrapCode.MemoryOutOfBounds, $"range 0x{ptr:x}+{length} is outside the {Mem.Length}-byte memory");
    }

    public static void CheckAligned(long ptr, int alignment)
    {
        if (ptr % alignment != 0)
            throw new TrapException(TrapCode.CanonicalAbi, $"pointer 0x{ptr:x} is not aligned to {alignment}");
    }

    public ReadOnlySpan<byte> Read(long ptr, int length)
    {
        CheckRange(ptr, length);
        return Mem.GetSpan().Slice((int)ptr, length);
    }

    public Span<byte> Write(long ptr, int length)
    {
        CheckRange(ptr, length);
        return Mem.GetSpan().Slice((int)ptr, length);
    }

    public ulong LoadInt(long ptr, int size)
    {
        var s = Read(ptr, size);
        return size switch
        {
            1 => s[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(s),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(s),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(s),
        };
    }

    public void StoreInt(long ptr, int size, ulong v)
    {
        var s = Write(ptr, size);
        switch (size)
        {
            case 1: s[0] = (byte)v; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)v); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)v); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(s, v); break;
        }
    }

    /// <summary>Asks the guest for <paramref name="size"/> bytes; traps when the answer is misaligned or out of bounds.</summary>
    public long Allocate(int alignment, long size)
    {
        if (size > uint.MaxValue) throw new TrapException(TrapCode.CanonicalAbi, $"allocation of {size} bytes exceeds the 32-bit address space");
        var realloc = Realloc ?? throw new TrapException(TrapCode.CanonicalAbi, "the module exports no cabi_realloc, but the value needs guest memory");
        var r = realloc.Invoke(Value.I32(0), Value.I32(0), Value.I32(alignment), Value.I32((int)(uint)size));
        long ptr = (uint)r[0].AsI32();
        CheckAligned(ptr, alignment);
        CheckRange(ptr, size);
        return ptr;
    }
}
