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

    /// <summary>Check each entry's CRC-32 (on by default; SBOM hashes also cover content).</summary>
    public bool VerifyCrc { get; init; } = true;
}
