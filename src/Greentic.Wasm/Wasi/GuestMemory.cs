using System.Buffers.Binary;
using System.Text;

namespace Greentic.Wasm.Wasi;

/// <summary>Bounds-checked view of the guest's linear memory for one WASI call. Every guest pointer is an
/// unsigned 32-bit offset; a range that does not fit answers <see cref="WasiErrno.Fault"/>.</summary>
internal readonly ref struct GuestMemory
{
    private readonly Span<byte> bytes;

    public GuestMemory(Span<byte> bytes) => this.bytes = bytes;

    public Span<byte> Slice(int pointer, long length)
    {
        ulong start = (uint)pointer;
        if (length < 0 || start + (ulong)length > (ulong)bytes.Length) throw new WasiErrnoException(WasiErrno.Fault);
        return bytes.Slice((int)start, (int)length);
    }

    public uint ReadU32(int pointer) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(pointer, 4));
    public ulong ReadU64(int pointer) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(pointer, 8));
    public byte ReadU8(int pointer) => Slice(pointer, 1)[0];
    public ushort ReadU16(int pointer) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(pointer, 2));

    public void WriteU8(int pointer, byte value) => Slice(pointer, 1)[0] = value;
    public void WriteU16(int pointer, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Slice(pointer, 2), value);
    public void WriteU32(int pointer, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(pointer, 4), value);
    public void WriteU64(int pointer, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slice(pointer, 8), value);

    /// <summary>A guest string (pointer + length), which must be valid UTF-8.</summary>
    public string ReadString(int pointer, int length)
    {
        var span = Slice(pointer, (uint)length);
        try
        {
            return Strict.GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new WasiErrnoException(WasiErrno.Inval);
        }
    }

    /// <summary>The (buf, len) pairs of an iovec array, all checked before any byte moves.</summary>
    public (int Pointer, int Length)[] ReadIovecs(int pointer, int count)
    {
        if ((uint)count > 1024) throw new WasiErrnoException(WasiErrno.Inval);
        var table = Slice(pointer, (long)count * 8);
        var result = new (int, int)[count];
        for (int i = 0; i < count; i++)
        {
            uint buf = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8)..]);
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 8 + 4)..]);
            Slice((int)buf, len);
            result[i] = ((int)buf, (int)len);
        }
        return result;
    }

    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);
}
