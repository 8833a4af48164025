using Greentic.Packs.Index;

namespace Greentic.Packs.Cache;

/// <summary>Cache figures for one blob (the distributor's <c>cache-info</c>).</summary>
public sealed record CacheInfo(string Digest, string Path, long SizeBytes, DateTimeOffset LastUsedUtc, DateTimeOffset LastRefreshedUtc);

/// <summary>
/// Content-addressed store of verified .gtpack files under PACK_CACHE_DIR:
/// <c>blobs/sha256/&lt;hex&gt;</c>, with <c>tmp/</c> for writes in progress. A blob is written to a unique temp file,
/// flushed to disk (fsync) and renamed into place, so readers never see a partial blob, concurrent writers of the
/// same digest are harmless (the rename is atomic and the content identical), and a crash leaves at worst a stale
/// temp file (cleared on start). The digest is checked on insert and on every read (a corrupted blob is removed).
/// Last-used time is the file's access time and last-refreshed time its modification time, both set explicitly,
/// so the figures survive restarts. <see cref="Evict"/> removes least-recently-used blobs beyond a byte budget.
/// </summary>
public sealed class PackCache
{
    private readonly string _blobs;
    private readonly string _tmp;
    private readonly TimeProvider _time;

    public PackCache(string root, TimeProvider? time = null)
    {
        Root = Path.GetFullPath(root);
        _blobs = Path.Combine(Root, "blobs", "sha256");
        _tmp = Path.Combine(Root, "tmp");
        _time = time ?? TimeProvider.System;
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_tmp);
        foreach (var stale in Directory.EnumerateFiles(_tmp))
        {
            try { if (File.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddHours(-1)) File.Delete(stale); }
            catch (IOException) { }
        }
    }

    public string Root { get; }

    private string BlobPath(string digest) => Path.Combine(_blobs, PackDigest.Hex(digest));

    public bool Contains(string digest) => PackDigest.IsValid(digest) && File.Exists(BlobPath(digest));

    /// <summary>Stores <paramref name="data"/>; when <paramref name="expectedDigest"/> is given it must match.</summary>
    /// <returns>The blob's digest.</returns>
    public async Task<string> PutAsync(ReadOnlyMemory<byte> data, string? expectedDigest = null, CancellationToken ct = default)
    {
        var digest = PackDigest.Sha256(data.Span);
        if (expectedDigest is not null && !string.Equals(expectedDigest, digest, StringComparison.Ordinal))
            throw new PackVerificationException(expectedDigest, $"digest mismatch: content hashes to {digest}");
        var final = BlobPath(digest);
        var now = _time.GetUtcNow().UtcDateTime;
        if (File.Exists(final))
        {
            TrySetTimes(final, now, now);
            return digest;
        }
        var tmp = Path.Combine(_tmp, $"{PackDigest.Hex(digest)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await fs.WriteAsync(data, ct);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, final, overwrite: true);
            TrySetTimes(final, now, now);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        return digest;
    }

    /// <summary>The blob's bytes, checked against its digest, and marks it used; null when absent or corrupted (then removed).</summary>
    public async Task<byte[]?> TryReadAsync(string digest, CancellationToken ct = default)
    {
        if (!PackDigest.IsValid(digest)) return null;
        var path = BlobPath(digest);
        byte[] bytes;
        try
        {
            await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.Asynchronous);
            bytes = new byte[fs.Length];
            await fs.ReadExactlyAsync(bytes, ct);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        catch (EndOfStreamException) { return null; }
        if (!PackDigest.Matches(digest, bytes))
        {
            try { File.Delete(path); } catch (IOException) { }
            return null;
        }
        Touch(digest);
        return bytes;
    }

    /// <summary>Path of a cached blob (for get-by-digest as a path), or null.</summary>
    public string? GetPath(string digest) => Contains(digest) ? BlobPath(digest) : null;

    /// <summary>Marks a blob used now.</summary>
    public void Touch(string digest)
    {
        if (Contains(digest)) TrySetTimes(BlobPath(digest), _time.GetUtcNow().UtcDateTime, null);
    }

    /// <summary>Marks a blob refreshed (re-resolved from its source and found unchanged) now.</summary>
    public void MarkRefreshed(string digest)
    {
        if (Contains(digest)) TrySetTimes(BlobPath(digest), null, _time.GetUtcNow().UtcDateTime);
    }

    public CacheInfo? GetInfo(string digest)
    {
        if (!Contains(digest)) return null;
        var fi = new FileInfo(BlobPath(digest));
        try
        {
            return new CacheInfo(digest, fi.FullName, fi.Length, new DateTimeOffset(fi.LastAccessTimeUtc, TimeSpan.Zero),
                new DateTimeOffset(fi.LastWriteTimeUtc, TimeSpan.Zero));
        }
        catch (IOException) { return null; }
    }

    public IReadOnlyList<CacheInfo> List() =>
        Directory.EnumerateFiles(_blobs)
            .Select(p => "sha256:" + Path.GetFileName(p))
            .Where(PackDigest.IsValid)
            .Select(GetInfo)
            .OfType<CacheInfo>()
            .ToList();

    public long TotalBytes => List().Sum(i => i.SizeBytes);

    /// <summary>Deletes least-recently-used blobs, never one in <paramref name="pinned"/>, until the total is within
    /// <paramref name="maxBytes"/>. Readers holding a blob open keep their handle (the file is only unlinked).</summary>
    /// <returns>The digests removed.</returns>
    public IReadOnlyList<string> Evict(long maxBytes, IReadOnlySet<string>? pinned = null)
    {
        var all = List();
        long total = all.Sum(i => i.SizeBytes);
        var removed = new List<string>();
        foreach (var info in all.OrderBy(i => i.LastUsedUtc).ThenBy(i => i.Digest, StringComparer.Ordinal))
        {
            if (total <= maxBytes) break;
            if (pinned?.Contains(info.Digest) == true) continue;
            try
            {
                File.Delete(info.Path);
                total -= info.SizeBytes;
                removed.Add(info.Digest);
            }
            catch (IOException) { }
        }
        return removed;
    }

    private static void TrySetTimes(string path, DateTime? access, DateTime? write)
    {
        try
        {
            if (access is { } a) File.SetLastAccessTimeUtc(path, a);
            if (write is { } w) File.SetLastWriteTimeUtc(path, w);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
