using System.IO.Compression;
using System.Text;
using Greentic.Packs.Archive;

namespace Greentic.Packs.Tests;

public class GtpackArchiveTests
{
    private static PackArchive Sample() => new([
        new PackEntry("sbom.cbor", new byte[] { 1, 2, 3 }),
        new PackEntry("components/b.wasm", Encoding.UTF8.GetBytes("bbbb")),
        new PackEntry("manifest.cbor", new byte[] { 0xa0 }),
        new PackEntry("assets/é.txt", Encoding.UTF8.GetBytes("accent")),
        new PackEntry("components/a.wasm", new byte[1000]),
    ]);

    private static PackFormatException Refused(byte[] zip, PackReaderOptions? o = null) =>
        Assert.ThrowsAny<PackFormatException>(() => GtpackReader.Read(zip, "evil.gtpack", o));

    [Fact]
    public void Write_is_deterministic_and_round_trips()
    {
        var a = GtpackWriter.Write(Sample());
        var b = GtpackWriter.Write(new PackArchive(Sample().Entries.Reverse()));
        Assert.Equal(a, b);
        var back = GtpackReader.Read(a, "x.gtpack");
        Assert.Equal(new[] { "assets/é.txt", "components/a.wasm", "components/b.wasm", "manifest.cbor", "sbom.cbor" },
            back.Entries.Select(e => e.Path));
        Assert.Equal("accent", Encoding.UTF8.GetString(back["assets/é.txt"].Span));
        Assert.Equal(a, GtpackWriter.Write(back));
    }

    [Fact]
    public void Written_zip_has_the_contract_attributes_per_ZipArchive()
    {
        var bytes = GtpackWriter.Write(Sample());
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(names.OrderBy(n => Encoding.UTF8.GetBytes(n), new BytesComparer()), names);
        foreach (var e in zip.Entries)
        {
            Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime);
            Assert.Equal(e.Length, e.CompressedLength); // stored
            Assert.Equal(0x81A4u, (uint)e.ExternalAttributes >> 16); // regular file, 0644
        }
        using var s = zip.GetEntry("components/b.wasm")!.Open();
        Assert.Equal("bbbb", new StreamReader(s).ReadToEnd());
    }

    private sealed class BytesComparer : IComparer<byte[]>
    {
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    [Theory]
    [InlineData("../evil", "escapes")]
    [InlineData("a/../../evil", "escapes")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("C:/windows", "absolute")]
    [InlineData("a\\..\\b", "backslash")]
    [InlineData("dir/x/", "directory")]
    [InlineData("a//b", "empty path segment")]
    [InlineData("./a", "'.'")]
    public void Zip_slip_names_are_refused(string name, string problem)
    {
        var ex = Refused(RawZip.Build(new RawZip.Entry(name, new byte[] { 1 })));
        Assert.Contains(problem, ex.Message);
        Assert.StartsWith("evil.gtpack: ", ex.Message);
    }

    [Fact]
    public void Symlinks_are_refused()
    {
        var ex = Refused(RawZip.Build(new RawZip.Entry("link", Encoding.UTF8.GetBytes("/etc/passwd")) { External = 0xA1FFu << 16 }));
        Assert.Contains("symbolic link", ex.Message);
    }

    [Fact]
    public void Other_special_files_and_dos_directories_are_refused()
    {
        Assert.Contains("not a regular file", Refused(RawZip.Build(new RawZip.Entry("fifo", []) { External = 0x11A4u << 16 })).Message);
        // Flagged as a directory without the trailing '/': inconsistent, refused.
        Assert.Contains("directory", Refused(RawZip.Build(new RawZip.Entry("d", []) { External = 0x10, MadeBy = 20 })).Message);
        Assert.Contains("directory", Refused(RawZip.Build(new RawZip.Entry("d", []) { External = 0x41EDu << 16 })).Message);
    }

    [Fact]
    public void Duplicates_are_refused_including_case_only_differences()
    {
        Assert.Contains("duplicate", Refused(RawZip.Build(new RawZip.Entry("a", [1]), new RawZip.Entry("a", [2]))).Message);
        Assert.Contains("letter case", Refused(RawZip.Build(new RawZip.Entry("A.txt", [1]), new RawZip.Entry("a.txt", [2]))).Message);
    }

    [Fact]
    public void Encrypted_and_compressed_entries_are_refused()
    {
        Assert.Contains("encrypted", Refused(RawZip.Build(new RawZip.Entry("a", [1]) { Flags = 1 })).Message);
        Assert.Contains("compressed", Refused(RawZip.Build(new RawZip.Entry("a", [1]) { Method = 8 })).Message);
        // A real deflate zip (the classic bomb carrier) is refused before anything is inflated.
        var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = z.CreateEntry("bomb.bin", CompressionLevel.SmallestSize).Open();
            s.Write(new byte[10_000_000]);
        }
        Assert.Contains("compressed", Refused(ms.ToArray()).Message);
    }

    [Fact]
    public void Declared_size_mismatch_bomb_is_refused()
    {
        Assert.Contains("compressed size", Refused(RawZip.Build(new RawZip.Entry("a", [1, 2, 3]) { DeclaredSize = 0x7FFFFFFF })).Message);
    }

    [Fact]
    public void Limits_on_count_entry_size_and_total_are_enforced()
    {
        var many = Enumerable.Range(0, 20).Select(i => new RawZip.Entry($"f{i}", [1])).ToArray();
        Assert.Contains("over the limit of 10", Refused(RawZip.Build(many), new PackReaderOptions { MaxEntries = 10 }).Message);
        Assert.Contains("per-entry limit", Refused(RawZip.Build(new RawZip.Entry("big", new byte[2000])), new PackReaderOptions { MaxEntrySize = 1000 }).Message);
        var three = Enumerable.Range(0, 3).Select(i => new RawZip.Entry($"f{i}", new byte[600])).ToArray();
        Assert.Contains("total size", Refused(RawZip.Build(three), new PackReaderOptions { MaxTotalSize = 1500 }).Message);
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var good = GtpackWriter.Write(Sample());
        for (int len = 0; len < good.Length; len++)
        {
            var cut = good.AsSpan(0, len).ToArray();
            var ex = Refused(cut);
            Assert.StartsWith("evil.gtpack: ", ex.Message);
        }
    }

    [Fact]
    public void Crc_mismatch_and_garbage_are_refused()
    {
        Assert.Contains("CRC", Refused(RawZip.Build(new RawZip.Entry("a", [1, 2]) { Crc = 42 })).Message);
        Assert.Contains("not a ZIP", Refused(Encoding.UTF8.GetBytes("this is not a zip archive at all")).Message);
        var appended = GtpackWriter.Write(Sample()).Concat(new byte[] { 1, 2, 3 }).ToArray();
        Refused(appended);
    }

    [Fact]
    public void No_flipped_byte_changes_the_content_unnoticed()
    {
        // Header bytes such as timestamps or the made-by version are cosmetics other writers differ in: a flip there
        // may be accepted, but then the pack must read as exactly the same files.
        var good = GtpackWriter.Write(Sample());
        var expected = GtpackReader.Read(good, "x").Entries.Select(e => (e.Path, Convert.ToHexString(e.Data.Span))).ToArray();
        int accepted = 0;
        for (int i = 0; i < good.Length; i++)
        {
            var bad = (byte[])good.Clone();
            bad[i] ^= 0x01;
            PackArchive read;
            try { read = GtpackReader.Read(bad, "x"); }
            catch (PackFormatException) { continue; }
            accepted++;
            Assert.Equal(expected, read.Entries.Select(e => (e.Path, Convert.ToHexString(e.Data.Span))));
        }
        Assert.InRange(accepted, 1, good.Length / 4);
    }

    [Fact]
    public void Zips_from_other_writers_read_in_any_order_with_directory_entries_and_timestamps()
    {
        // Upstream's writer puts manifest.cbor first and sbom.cbor last; other tools add directory entries.
        var zip = RawZip.Build(
            new RawZip.Entry("manifest.cbor", [0xa0]),
            new RawZip.Entry("components/", []) { External = 0x41EDu << 16 },
            new RawZip.Entry("components/b.wasm", [1, 2]),
            new RawZip.Entry("assets/a.txt", [3]),
            new RawZip.Entry("sbom.cbor", [4]));
        var read = GtpackReader.Read(zip, "upstream.gtpack");
        Assert.Equal(["assets/a.txt", "components/b.wasm", "manifest.cbor", "sbom.cbor"], read.Entries.Select(e => e.Path));
        Assert.Equal(zip, read.FileBytes!.Value.ToArray());
        Assert.Equal(zip, read.ToBytes().ToArray());
        Assert.Null(read.With("x", new byte[] { 1 }).FileBytes);
        // A "directory" that carries data is not a directory.
        Refused(RawZip.Build(new RawZip.Entry("d/", [1])));
        Refused(RawZip.Build(new RawZip.Entry("../", [])));
    }

    [Fact]
    public void Overlapping_entries_are_refused()
    {
        var zip = RawZip.Build(new RawZip.Entry("a", [1, 2, 3]), new RawZip.Entry("b", [1, 2, 3]));
        // Point b's central entry at a's local header: both then claim the same bytes.
        int cd = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(zip.Length - 6));
        int second = cd + 46 + 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(second + 42), 0);
        Refused(zip);
    }
}
