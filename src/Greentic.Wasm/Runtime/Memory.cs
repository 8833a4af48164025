namespace Greentic.Wasm;

/// <summary>A linear memory. Every guest access is bounds-checked and traps with
/// <see cref="TrapCode.MemoryOutOfBounds"/>; growth never exceeds the declared maximum nor the store limit.</summary>
public sealed class Memory : Extern
{
    public const int PageSize = 65536;

    /// <summary>The backing bytes; at least <see cref="ByteLength"/> long (growth reserves extra capacity so that
    /// growing page by page is not quadratic). Replaced on grow, so compiled code reads it through this field.</summary>
    internal byte[] Buffer;

    /// <summary>The current size in bytes. Written after <see cref="Buffer"/> on grow and read before it by
    /// accessors, so a reader that sees the new length also sees the new buffer.</summary>
    internal long ByteLength;

    private readonly ulong maxPages;

    public Memory(Store store, MemoryType type)
        : this(type, store.MaxMemoryPages)
    {
    }

    internal Memory(MemoryType type, uint limitPages)
    {
        Type = type;
        ulong declaredMax = type.Limits.Max ?? 65536;
        maxPages = Math.Min(declaredMax, Math.Min(limitPages, (ulong)(Array.MaxLength / PageSize)));
        if (type.Limits.Min > maxPages)
            throw new TrapException(TrapCode.ResourceLimit, $"memory of {type.Limits.Min} pages exceeds the limit of {maxPages} pages");
        Buffer = type.Limits.Min == 0 ? [] : new byte[type.Limits.Min * PageSize];
        ByteLength = Buffer.LongLength;
    }

    public override ExternKind Kind => ExternKind.Memory;
    public MemoryType Type { get; }

    /// <summary>Current size in pages.</summary>
    public uint PageCount => (uint)(Volatile.Read(ref ByteLength) / PageSize);

    public long Length => Volatile.Read(ref ByteLength);

    /// <summary>Limits as import matching sees them: the current size and the declared maximum.</summary>
    internal Limits CurrentLimits => new(PageCount, Type.Limits.Max);

    public Span<byte> GetSpan()
    {
        long len = Volatile.Read(ref ByteLength);
        return Buffer.AsSpan(0, (int)len);
    }

    public Span<byte> GetSpan(int offset, int length) => GetSpan().Slice(offset, length);

    /// <summary>Grows by <paramref name="deltaPages"/>; returns the old page count, or -1 if the limits forbid it.</summary>
    public int Grow(uint deltaPages)
    {
        uint old = PageCount;
        if (deltaPages == 0) return (int)old;
        ulong target = (ulong)old + deltaPages;
        if (target > maxPages) return -1;
        long newLength = (long)target * PageSize;
        if (newLength > Buffer.LongLength)
        {
            // Reserve up to twice the current size (never beyond the maximum), so repeated small grows stay cheap.
            long capacity = Math.Max(newLength, Math.Min(Buffer.LongLength * 2, (long)maxPages * PageSize));
            byte[] next;
            try
            {
                next = new byte[capacity];
            }
            catch (OutOfMemoryException)
            {
                try
                {
                    next = new byte[newLength];
                }
                catch (OutOfMemoryException)
                {
                    return -1;
                }
            }
            System.Buffer.BlockCopy(Buffer, 0, next, 0, (int)ByteLength);
            Buffer = next;
        }
        Volatile.Write(ref ByteLength, newLength);
        return (int)old;
    }

    public byte ReadByte(long address) => GetSpan()[checked((int)address)];
    public void WriteByte(long address, byte value) => GetSpan()[checked((int)address)] = value;
    public int ReadInt32(long address) => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(GetSpan()[checked((int)address)..]);
    public void WriteInt32(long address, int value) => System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(GetSpan()[checked((int)address)..], value);
}
