using System.Buffers.Binary;
using System.Text;

namespace Greentic.Packs.Archive;

/// <summary>
/// Reads a <c>.gtpack</c> ZIP from untrusted bytes. It parses the format itself (end-of-central-directory,
/// central directory, local headers) rather than trusting <c>ZipArchive</c>, and refuses, with a
/// <see cref="PackFormatException"/> naming the pack and the problem:
/// absolute paths, <c>..</c>, links and other non-regular files, duplicate names (also case-only),
/// encrypted or compressed entries (so no decompression bomb is possible), ZIP64, multi-disk archives,
/// overlapping entries, CRC mismatches, truncated or trailing data, and anything over the
/// <see cref="PackReaderOptions"/> limits. Entry order, timestamps, extra fields and empty directory entries are
/// cosmetics other writers differ in (upstream's writes <c>manifest.cbor</c> first): they are accepted.
/// Entry data is sliced from the input without copying.
/// </summary>
public static class GtpackReader
{
    private const int EocdSize = 22;
    private const int CentralHeaderSize = 46;
    private const int LocalHeaderSize = 30;

    public static PackArchive ReadFile(string path, PackReaderOptions? options = null)
    {
        var name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            var o = options ?? PackReaderOptions.Default;
            var len = new FileInfo(path).Length;
            long max = o.MaxTotalSize + (long)o.MaxEntries * (CentralHeaderSize + LocalHeaderSize + 2L * o.MaxPathLength) + EocdSize + 0xFFFF;
            if (len > max) throw new PackFormatException(name, $"file is {len} bytes, over the {max}-byte limit");
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex) { throw new PackFormatException(name, $"cannot read: {ex.Message}", ex); }
        catch (UnauthorizedAccessException ex) { throw new PackFormatException(name, $"cannot read: {ex.Message}", ex); }
        return Read(bytes, name, options);
    }

    public static PackArchive Read(ReadOnlyMemory<byte> bytes, string packName, PackReaderOptions? options = null)
    {
        var o = options ?? PackReaderOptions.Default;
        var span = bytes.Span;
        PackFormatException Fail(string problem) => new(packName, problem);

        if (span.Length < EocdSize) throw Fail($"truncated: {span.Length} bytes is too short to be a ZIP archive");

        // 1. Find the end-of-central-directory record, scanning back over at most a 64 KiB comment.
        int eocd = -1;
        int lowest = Math.Max(0, span.Length - EocdSize - 0xFFFF);
        for (int i = span.Length - EocdSize; i >= lowest; i--)
        {
            if (span[i] == 0x50 && BinaryPrimitives.ReadUInt32LittleEndian(span[i..]) == 0x06054b50)
            {
                int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(span[(i + 20)..]);
                if (i + EocdSize + commentLen == span.Length) { eocd = i; break; }
            }
        }
        if (eocd < 0)
            throw Fail(span.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(span) == 0x04034b50
                ? "truncated: no end-of-central-directory record (the archive was cut short)"
                : "not a ZIP archive (no end-of-central-directory record)");

        var e = span[eocd..];
        ushort disk = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
        ushort cdDisk = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
        ushort countDisk = BinaryPrimitives.ReadUInt16LittleEndian(e[8..]);
        ushort count = BinaryPrimitives.ReadUInt16LittleEndian(e[10..]);
        uint cdSize = BinaryPrimitives.ReadUInt32LittleEndian(e[12..]);
        uint cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
        if (count == 0xFFFF || cdSize == 0xFFFFFFFF || cdOffset == 0xFFFFFFFF) throw Fail("ZIP64 archives are not supported");
        if (disk != 0 || cdDisk != 0 || countDisk != count) throw Fail("multi-disk archives are not supported");
        if (count > o.MaxEntries) throw Fail($"{count} entries, over the limit of {o.MaxEntries}");
        if ((long)cdOffset + cdSize > eocd) throw Fail("truncated: central directory extends past the end of the archive");
        if ((long)cdOffset + cdSize != eocd) throw Fail("unexpected bytes between the central directory and its end record");

        // 2. Walk the central directory.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var namesFolded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<PackEntry>(count);
        var ranges = new List<(long Start, long End, string Name)>(count);
        long total = 0;
        int p = (int)cdOffset;
        var utf8 = new UTF8Encoding(false, true);
        for (int n = 0; n < count; n++)
        {
            if (p + CentralHeaderSize > eocd) throw Fail("truncated central directory");
            var c = span[p..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(c) != 0x02014b50) throw Fail($"bad central directory signature at entry {n}");
            ushort madeBy = BinaryPrimitives.ReadUInt16LittleEndian(c[4..]);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(c[8..]);
            ushort method = BinaryPrimitives.ReadUInt16LittleEndian(c[10..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(c[16..]);
            uint csize = BinaryPrimitives.ReadUInt32LittleEndian(c[20..]);
            uint usize = BinaryPrimitives.ReadUInt32LittleEndian(c[24..]);
            int nameLen = BinaryPrimitives.ReadUInt16LittleEndian(c[28..]);
            int extraLen = BinaryPrimitives.ReadUInt16LittleEndian(c[30..]);
            int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(c[32..]);
            ushort diskStart = BinaryPrimitives.ReadUInt16LittleEndian(c[34..]);
            uint external = BinaryPrimitives.ReadUInt32LittleEndian(c[38..]);
            uint localOffset = BinaryPrimitives.ReadUInt32LittleEndian(c[42..]);
            int recLen = CentralHeaderSize + nameLen + extraLen + commentLen;
            if (p + recLen > eocd) throw Fail("truncated central directory");
            if (nameLen > o.MaxPathLength) throw Fail($"entry {n}: name longer than {o.MaxPathLength} bytes");
            string name;
            try { name = utf8.GetString(c.Slice(CentralHeaderSize, nameLen)); }
            catch (DecoderFallbackException) { throw Fail($"entry {n}: name is not valid UTF-8"); }
            p += recLen;

            string label = $"entry '{name}'";
            bool directory = name.EndsWith('/') && usize == 0 && csize == 0;
            var pathProblem = PackPaths.Validate(directory ? name[..^1] : name, o.MaxPathLength);
            if (pathProblem is not null) throw Fail($"{label}: {pathProblem}");
            if ((flags & 0x0001) != 0 || (flags & 0x0040) != 0) throw Fail($"{label}: encrypted entries are not allowed");
            if (method != 0) throw Fail($"{label}: compressed (method {method}); .gtpack entries must be stored uncompressed");
            if (csize != usize) throw Fail($"{label}: stored entry has compressed size {csize} != size {usize}");
            if (csize == 0xFFFFFFFF || usize == 0xFFFFFFFF || localOffset == 0xFFFFFFFF) throw Fail($"{label}: ZIP64 entries are not supported");
            if (diskStart != 0) throw Fail($"{label}: multi-disk archives are not supported");
            if (!directory) CheckFileType(madeBy, external, label, Fail);
            if (!names.Add(name)) throw Fail($"{label}: duplicate entry");
            if (!namesFolded.Add(name)) throw Fail($"{label}: differs only in letter case from another entry");
            if (usize > o.MaxEntrySize) throw Fail($"{label}: {usize} bytes, over the per-entry limit of {o.MaxEntrySize}");
            total += usize;
            if (total > o.MaxTotalSize) throw Fail($"total size over the limit of {o.MaxTotalSize} bytes");

            // 3. The local header must agree with the central directory.
            long lh = localOffset;
            if (lh + LocalHeaderSize > cdOffset) throw Fail($"{label}: truncated (local header past the data area)");
            var l = span[(int)lh..];
            if (BinaryPrimitives.ReadUInt32LittleEndian(l) != 0x04034b50) throw Fail($"{label}: bad local header signature");
            ushort lflags = BinaryPrimitives.ReadUInt16LittleEndian(l[6..]);
            ushort lmethod = BinaryPrimitives.ReadUInt16LittleEndian(l[8..]);
            int lNameLen = BinaryPrimitives.ReadUInt16LittleEndian(l[26..]);
            int lExtraLen = BinaryPrimitives.ReadUInt16LittleEndian(l[28..]);
            if ((lflags & 0x0041) != 0) throw Fail($"{label}: encrypted entries are not allowed");
            if (lmethod != 0) throw Fail($"{label}: compressed (method {lmethod}); .gtpack entries must be stored uncompressed");
            if ((lflags & 0x0008) == 0)
            {
                uint lcrc = BinaryPrimitives.ReadUInt32LittleEndian(l[14..]);
                uint lc = BinaryPrimitives.ReadUInt32LittleEndian(l[18..]);
                uint lu = BinaryPrimitives.ReadUInt32LittleEndian(l[22..]);
                if (lcrc != crc || lc != csize || lu != usize) throw Fail($"{label}: local header disagrees with the central directory");
            }
            long dataStart = lh + LocalHeaderSize + lNameLen + lExtraLen;
            if (dataStart + usize > cdOffset) throw Fail($"{label}: truncated (data extends past the data area)");
            if (lNameLen != nameLen || !span.Slice((int)lh + LocalHeaderSize, lNameLen).SequenceEqual(c.Slice(CentralHeaderSize, nameLen)))
                throw Fail($"{label}: local header name disagrees with the central directory");
            var data = bytes.Slice((int)dataStart, (int)usize);
            if (o.VerifyCrc && Crc32.Compute(data.Span) != crc) throw Fail($"{label}: CRC-32 mismatch (corrupted data)");
            ranges.Add((lh, dataStart + usize, name));
            if (!directory) entries.Add(new PackEntry(name, data));
        }
        if (p != eocd) throw Fail("central directory size disagrees with its entries");

        // 4. Entries must not overlap (overlapping entries are how ZIP "quines" and bombs share bytes).
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (int i = 1; i < ranges.Count; i++)
            if (ranges[i].Start < ranges[i - 1].End)
                throw Fail($"entry '{ranges[i].Name}' overlaps entry '{ranges[i - 1].Name}'");

        return new PackArchive(entries, bytes);
    }

    private static void CheckFileType(ushort madeBy, uint external, string label, Func<string, PackFormatException> fail)
    {
        int host = madeBy >> 8;
        if ((external & 0x10) != 0) throw fail($"{label}: directory entry (only regular files are allowed)");
        if (host == 3 || host == 19) // Unix, OS X: st_mode in the high 16 bits
        {
            uint mode = external >> 16;
            uint type = mode & 0xF000;
            if (type == 0xA000) throw fail($"{label}: symbolic link (links are not allowed)");
            if (type == 0x4000) throw fail($"{label}: directory entry (only regular files are allowed)");
            if (type != 0 && type != 0x8000) throw fail($"{label}: not a regular file (mode {Convert.ToString(mode, 8)})");
        }
    }
}
