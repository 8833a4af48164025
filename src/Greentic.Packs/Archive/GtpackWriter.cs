using System.Buffers.Binary;
using System.Text;

namespace Greentic.Packs.Archive;

/// <summary>
/// Writes a <c>.gtpack</c> ZIP deterministically (CONTRACTS.md §2): entries stored (method 0), in bytewise
/// lexical order, DOS time 00:00 1980-01-01, Unix mode 0100644 (regular file, rw-r--r--), no extra fields,
/// no comments, no data descriptors, no ZIP64; the UTF-8 flag is set only for non-ASCII names. The same
/// entries always give identical bytes. Upstream's writer differs only in entry order (manifest first), which
/// no reader depends on.
/// </summary>
/// <remarks>
/// Layout: for each entry a local file header (30 bytes + name) then its data; then the central directory
/// (46 bytes + name per entry); then the end-of-central-directory record (22 bytes).
/// </remarks>
public static class GtpackWriter
{
    internal const ushort VersionNeeded = 10;                // 1.0: stored entries only
    internal const ushort VersionMadeBy = (3 << 8) | 20;     // host 3 = Unix, spec 2.0
    internal const ushort DosTime = 0;                       // 00:00:00
    internal const ushort DosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
    internal const uint ExternalAttributes = 0x81A4u << 16;  // S_IFREG | 0644
    internal const ushort FlagUtf8 = 1 << 11;
    internal const int LocalHeaderSize = 30, CentralHeaderSize = 46, EocdSize = 22;

    public static byte[] Write(PackArchive archive)
    {
        long size = EocdSize;
        foreach (var e in archive.Entries) size += LocalHeaderSize + CentralHeaderSize + 2L * Encoding.UTF8.GetByteCount(e.Path) + e.Data.Length;
        using var ms = new MemoryStream((int)Math.Min(size, int.MaxValue));
        Write(archive, ms);
        return ms.ToArray();
    }

    public static void Write(PackArchive archive, Stream output)
    {
        var entries = archive.Entries;
        if (entries.Count > 0xFFFF) throw new InvalidOperationException("too many entries for a ZIP without ZIP64");
        var central = new MemoryStream();
        long offset = 0;
        Span<byte> hdr = stackalloc byte[CentralHeaderSize];
        foreach (var e in entries)
        {
            var name = Encoding.UTF8.GetBytes(e.Path);
            if (name.Length > 0xFFFF) throw new InvalidOperationException($"entry name too long: {e.Path}");
            if (e.Data.Length + offset > uint.MaxValue - 1) throw new InvalidOperationException("pack too large for a ZIP without ZIP64");
            uint crc = Crc32.Compute(e.Data.Span);
            uint size = (uint)e.Data.Length;
            LocalHeader(hdr, name, crc, size);
            output.Write(hdr[..LocalHeaderSize]);
            output.Write(name);
            output.Write(e.Data.Span);
            CentralHeader(hdr, name, crc, size, (uint)offset);
            central.Write(hdr);
            central.Write(name);
            offset += LocalHeaderSize + name.Length + e.Data.Length;
        }
        if (offset + central.Length > uint.MaxValue - 1) throw new InvalidOperationException("pack too large for a ZIP without ZIP64");
        central.Position = 0;
        central.CopyTo(output);
        Eocd(hdr, (ushort)entries.Count, (uint)central.Length, (uint)offset);
        output.Write(hdr[..EocdSize]);
    }

    internal static ushort FlagsFor(ReadOnlySpan<byte> name)
    {
        foreach (var x in name) if (x > 0x7F) return FlagUtf8;
        return 0;
    }

    /// <summary>The canonical 30-byte local header (name not included).</summary>
    internal static void LocalHeader(Span<byte> l, ReadOnlySpan<byte> name, uint crc, uint size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(l, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(l[4..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(l[6..], FlagsFor(name));
        BinaryPrimitives.WriteUInt16LittleEndian(l[8..], 0); // stored
        BinaryPrimitives.WriteUInt16LittleEndian(l[10..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(l[12..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(l[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(l[18..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(l[22..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(l[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(l[28..], 0);
    }

    /// <summary>The canonical 46-byte central directory header (name not included).</summary>
    internal static void CentralHeader(Span<byte> c, ReadOnlySpan<byte> name, uint crc, uint size, uint offset)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(c[4..], VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(c[6..], VersionNeeded);
        BinaryPrimitives.WriteUInt16LittleEndian(c[8..], FlagsFor(name));
        BinaryPrimitives.WriteUInt16LittleEndian(c[10..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(c[12..], DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(c[14..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(c[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(c[20..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(c[24..], size);
        BinaryPrimitives.WriteUInt16LittleEndian(c[28..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(c[30..], 0); // extra
        BinaryPrimitives.WriteUInt16LittleEndian(c[32..], 0); // comment
        BinaryPrimitives.WriteUInt16LittleEndian(c[34..], 0); // disk
        BinaryPrimitives.WriteUInt16LittleEndian(c[36..], 0); // internal attrs
        BinaryPrimitives.WriteUInt32LittleEndian(c[38..], ExternalAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(c[42..], offset);
    }

    internal static void Eocd(Span<byte> e, ushort count, uint cdSize, uint cdOffset)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(e, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(e[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(e[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(e[8..], count);
        BinaryPrimitives.WriteUInt16LittleEndian(e[10..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], cdSize);
        BinaryPrimitives.WriteUInt32LittleEndian(e[16..], cdOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(e[20..], 0);
    }
}
