using System.Buffers.Binary;
using System.Text;

namespace Greentic.Packs.Tests;

/// <summary>Hand-made ZIPs for hostile-input tests: anything the real writer refuses to produce.</summary>
internal static class RawZip
{
    public sealed record Entry(string Name, byte[] Data)
    {
        public ushort Method { get; init; }
        public ushort Flags { get; init; }
        public uint External { get; init; } = 0x81A4u << 16;
        public ushort MadeBy { get; init; } = (3 << 8) | 20;
        public uint? DeclaredSize { get; init; }
        public uint? Crc { get; init; }
    }

    public static byte[] Build(params Entry[] entries)
    {
        var body = new MemoryStream();
        var cd = new MemoryStream();
        foreach (var e in entries)
        {
            var name = Encoding.UTF8.GetBytes(e.Name);
            uint crc = e.Crc ?? Crc(e.Data);
            uint size = e.DeclaredSize ?? (uint)e.Data.Length;
            uint offset = (uint)body.Length;
            var l = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(l, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(l.AsSpan(4), 10);
            BinaryPrimitives.WriteUInt16LittleEndian(l.AsSpan(6), e.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(l.AsSpan(8), e.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(l.AsSpan(12), 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(14), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(18), (uint)e.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(l.AsSpan(22), size);
            BinaryPrimitives.WriteUInt16LittleEndian(l.AsSpan(26), (ushort)name.Length);
            body.Write(l); body.Write(name); body.Write(e.Data);
            var c = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(4), e.MadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(6), 10);
            BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(8), e.Flags);
            BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(10), e.Method);
            BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(14), 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(16), crc);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(20), (uint)e.Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(24), size);
            BinaryPrimitives.WriteUInt16LittleEndian(c.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(38), e.External);
            BinaryPrimitives.WriteUInt32LittleEndian(c.AsSpan(42), offset);
            cd.Write(c); cd.Write(name);
        }
        var eocd = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(eocd, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd.AsSpan(8), (ushort)entries.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd.AsSpan(10), (ushort)entries.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(eocd.AsSpan(12), (uint)cd.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(eocd.AsSpan(16), (uint)body.Length);
        var all = new MemoryStream();
        body.Position = 0; body.CopyTo(all);
        cd.Position = 0; cd.CopyTo(all);
        all.Write(eocd);
        return all.ToArray();
    }

    public static uint Crc(byte[] data)
    {
        uint c = 0xFFFFFFFF;
        foreach (var b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
