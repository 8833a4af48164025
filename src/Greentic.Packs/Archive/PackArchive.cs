using System.Text;

namespace Greentic.Packs.Archive;

/// <summary>One regular file inside a pack.</summary>
public sealed record PackEntry(string Path, ReadOnlyMemory<byte> Data)
{
    public long Size => Data.Length;
}

/// <summary>
/// The files of a pack, in memory, listed in bytewise UTF-8 lexical order whatever order the ZIP had. Immutable.
/// Built by <see cref="GtpackReader"/> from bytes (then <see cref="FileBytes"/> holds them), or by hand before
/// <see cref="GtpackWriter.Write(PackArchive)"/>.
/// </summary>
public sealed class PackArchive
{
    private readonly Dictionary<string, PackEntry> _byPath;

    public PackArchive(IEnumerable<PackEntry> entries) : this(entries, null) { }

    internal PackArchive(IEnumerable<PackEntry> entries, ReadOnlyMemory<byte>? fileBytes)
    {
        FileBytes = fileBytes;
        var list = new List<PackEntry>();
        _byPath = new Dictionary<string, PackEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var problem = PackPaths.Validate(e.Path, int.MaxValue);
            if (problem is not null) throw new ArgumentException($"entry '{e.Path}': {problem}");
            if (!_byPath.TryAdd(e.Path, e)) throw new ArgumentException($"duplicate entry '{e.Path}'");
            list.Add(e);
        }
        list.Sort((a, b) => PackPaths.Compare(a.Path, b.Path));
        Entries = list;
    }

    /// <summary>Entries in bytewise lexical order of their paths.</summary>
    public IReadOnlyList<PackEntry> Entries { get; }

    /// <summary>The exact bytes this archive was read from; null for an archive built or changed in memory.</summary>
    public ReadOnlyMemory<byte>? FileBytes { get; }

    /// <summary>The pack file: the bytes it was read from, else what <see cref="GtpackWriter"/> writes for it.</summary>
    public ReadOnlyMemory<byte> ToBytes() => FileBytes ?? GtpackWriter.Write(this);

    public bool Contains(string path) => _byPath.ContainsKey(path);

    public bool TryGet(string path, out ReadOnlyMemory<byte> data)
    {
        if (_byPath.TryGetValue(path, out var e)) { data = e.Data; return true; }
        data = default;
        return false;
    }

    public ReadOnlyMemory<byte> this[string path] =>
        _byPath.TryGetValue(path, out var e) ? e.Data : throw new KeyNotFoundException($"no entry '{path}' in the pack");

    /// <summary>A copy with one entry added or replaced.</summary>
    public PackArchive With(string path, ReadOnlyMemory<byte> data)
    {
        var d = new Dictionary<string, PackEntry>(_byPath, StringComparer.Ordinal) { [path] = new PackEntry(path, data) };
        return new PackArchive(d.Values);
    }

    /// <summary>A copy without the given entry.</summary>
    public PackArchive Without(string path) => new(Entries.Where(e => e.Path != path));
}

/// <summary>Entry-path rules shared by reader, writer and builder.</summary>
public static class PackPaths
{
    /// <summary>Bytewise comparison of UTF-8 encodings (lexical order of the spec).</summary>
    public static int Compare(string a, string b)
    {
        if (IsAscii(a) && IsAscii(b)) return string.CompareOrdinal(a, b);
        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s) if (c > 0x7F) return false;
        return true;
    }

    /// <summary>Null when <paramref name="path"/> is a safe relative file path; otherwise the problem.</summary>
    public static string? Validate(string path, int maxLength)
    {
        if (path.Length == 0) return "empty entry name";
        if (Encoding.UTF8.GetByteCount(path) > maxLength) return $"entry name longer than {maxLength} bytes";
        if (path[0] == '/' || path[0] == '\\') return "absolute path";
        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])) return "absolute path (drive letter)";
        if (path.Contains('\\')) return "backslash in entry name";
        if (path.EndsWith('/')) return "directory entry (only regular files are allowed)";
        foreach (var c in path)
            if (c < 0x20 || c == 0x7F) return "control character in entry name";
        foreach (var seg in path.Split('/'))
        {
            if (seg.Length == 0) return "empty path segment";
            if (seg == "..") return "'..' segment escapes the pack root";
            if (seg == ".") return "'.' segment in entry name";
        }
        return null;
    }
}
