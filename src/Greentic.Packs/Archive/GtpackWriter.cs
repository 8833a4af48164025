using System.Buffers.Binary;
using System.Text;

namespace Greentic.Packs.Archive;

/// <summary>
/// Writes a <c>.gtpack</c> ZIP deterministically (CONTRACTS.md §2): entries stored (method 0), in bytewise
/// lexical order, DOS time 00:00 1980-01-01, Unix mode 0100644 (regular file, rw-r--r--), no extra fields,
/// no comments, no data descriptors, no ZIP64. The same entries always give identical bytes.
/// </summary>
/// <remarks>
/// Layout: for each entry a local file header (30 bytes + name) then its data; then the central directory
/// (46 bytes + name per entry); then the end-of-central-directory record (22 bytes).
/// </remarks>
public static class GtpackWriter
{
    internal const ushort VersionNeeded = 10;          // 1.0: stored entries only
    internal const ushort VersionMadeBy = (3 << 8) | 20; // host 3 = Unix, spec 2.0
    internal const ushort DosTime = 0;                   // 00:00:00
    internal const ushort DosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
    internal const uint ExternalAttributes = 0x81A4u << 16; // S_IFREG | 0644
    internal const ushort FlagUtf8 = 1 << 11;

    public static byte[] Write(PackArchive archive)
    {
        using var ms = new MemoryStream();
        Write(archive, ms);
        return ms.ToArray();
    }

    public static void Write(PackArchive archive, Stream output)
    {
        var entries = archive.Entries;
        if (entries.Count > 0xFFFF) throw new InvalidOperationException("too many entries for a ZIP without ZIP64");
        var central = new MemoryStream();
        long offset = 0;
        Span<byte> hdr = stackalloc byte[46];
        foreach (var e in entries)
        {
            var name = Encoding.UTF8.GetBytes(e.Path);
            if (name.Length > 0xFFFF) throw new InvalidOperationException($"entry name too long: {e.Path}");
            if ((long)e.Data.Length + offset > uint.MaxValue - 1)
                throw new InvalidOperationException("pack too large for a ZIP without ZIP64");
            uint crc = Crc32.Compute(e.Data.Span);
            uint size = (uint)e.Data.Length;
            ushort flags = IsAscii(name) ? (ushort)0 : FlagUtf8;

            var l = hdr[..30];
            BinaryPrimitives.WriteUInt32LittleEndian(l, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(l[4..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(l[6..], flags);
            BinaryPrimitives.WriteUInt16LittleEndian(l[8..], 0); // stored
            BinaryPrimitives.WriteUInt16LittleEndian(l[10..], DosTime);
            BinaryPrimitives.WriteUInt16LittleEndian(l[12..], DosDate);
            BinaryPrimitives.WriteUInt32LittleEndian(l[14..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(l[18..], size);
            BinaryPrimitives.WriteUInt32LittleEndian(l[22..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(l[26..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(l[28..], 0);
            output.Write(l);
            output.Write(name);
            output.Write(e.Data.Span);

            var c = hdr[..46];
            BinaryPrimitives.WriteUInt32LittleEndian(c, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(c[4..], VersionMadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(c[6..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(c[8..], flags);
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
            BinaryPrimitives.WriteUInt32LittleEndian(c[42..], (uint)offset);
            central.Write(c);
            central.Write(name);

            offset += 30 + name.Length + e.Data.Length;
        }
        if (offset + central.Length > uint.MaxValue - 1) throw new InvalidOperationException("pack too large for a ZIP without ZIP64");
        central.Position = 0;
        central.CopyTo(output);
        var eocd = hdr[..22];
        BinaryPrimitives.WriteUInt32LittleEndian(eocd, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd[8..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd[10..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(eocd[12..], (uint)central.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(eocd[16..], (uint)offset);
        BinaryPrimitives.WriteUInt16LittleEndian(eocd[20..], 0);
        output.Write(eocd);
    }

    private static bool IsAscii(byte[] b)
    {
        foreach (var x in b) if (x > 0x7F) return false;
        return true;
    }
}
