namespace Greentic.Packs.Archive;

/// <summary>Limits a <see cref="GtpackReader"/> enforces on untrusted archives.</summary>
public sealed record PackReaderOptions
{
    public static PackReaderOptions Default { get; } = new();

    /// <summary>Most entries an archive may hold.</summary>
    public int MaxEntries { get; init; } = 4096;

    /// <summary>Largest single entry, in bytes.</summary>
    public long MaxEntrySize { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest sum of all entry sizes, in bytes.</summary>
    public long MaxTotalSize { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Longest entry path, in UTF-8 bytes.</summary>
    public int MaxPathLength { get; init; } = 1024;

    /// <summary>
    /// Accept only the exact bytes <see cref="GtpackWriter"/> produces for the same entries (lexical order, fixed
    /// timestamps, mode 0644, no extra fields or comments): every header byte is then determined by the content,
    /// so a flipped byte anywhere is refused. On by default; turn off to accept packs from other ZIP writers
    /// (all safety checks still apply).
    /// </summary>
    public bool RequireCanonicalForm { get; init; } = true;

    /// <summary>Check each entry's CRC-32 (on by default; SBOM hashes also cover content).</summary>
    public bool VerifyCrc { get; init; } = true;
}
