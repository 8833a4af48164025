using Greentic.Packs.Cache;
using Greentic.Packs.Index;

namespace Greentic.Packs.Tests;

public class CacheTests
{
    private sealed class FakeTime : TimeProvider
    {
        public DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Put_verifies_the_digest_and_stores_by_content()
    {
        using var dir = new TempDir();
        var cache = new PackCache(dir.Path);
        var data = new byte[] { 1, 2, 3 };
        var d = await cache.PutAsync(data);
        Assert.Equal(PackDigest.Sha256(data), d);
        Assert.True(File.Exists(Path.Combine(dir.Path, "blobs", "sha256", PackDigest.Hex(d))));
        Assert.Equal(data, await cache.TryReadAsync(d));
        await Assert.ThrowsAsync<PackVerificationException>(() => cache.PutAsync(data, PackDigest.Sha256([9])));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "tmp")));
        Assert.Null(await cache.TryReadAsync(PackDigest.Sha256([9])));
    }

    [Fact]
    public async Task Corrupted_blob_is_detected_and_removed()
    {
        using var dir = new TempDir();
        var cache = new PackCache(dir.Path);
        var d = await cache.PutAsync(new byte[] { 1, 2, 3 });
        await File.WriteAllBytesAsync(cache.GetPath(d)!, [1, 2, 4]);
        Assert.Null(await cache.TryReadAsync(d));
        Assert.False(cache.Contains(d));
    }

    [Fact]
    public async Task Survives_restart_and_reports_size_and_times()
    {
        using var dir = new TempDir();
        var t = new FakeTime();
        var d = await new PackCache(dir.Path, t).PutAsync(new byte[1234]);
        t.Now = t.Now.AddHours(1);
        var again = new PackCache(dir.Path, t);
        var before = again.GetInfo(d)!;
        Assert.Equal(1234, before.SizeBytes);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), before.LastRefreshedUtc);
        Assert.NotNull(await again.TryReadAsync(d));
        var after = again.GetInfo(d)!;
        Assert.Equal(t.Now, after.LastUsedUtc);
        Assert.Equal(before.LastRefreshedUtc, after.LastRefreshedUtc);
        t.Now = t.Now.AddHours(1);
        again.MarkRefreshed(d);
        Assert.Equal(t.Now, again.GetInfo(d)!.LastRefreshedUtc);
    }

    [Fact]
    public async Task Lru_eviction_respects_budget_and_pins()
    {
        using var dir = new TempDir();
        var t = new FakeTime();
        var cache = new PackCache(dir.Path, t);
        var digests = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            t.Now = t.Now.AddMinutes(1);
            digests.Add(await cache.PutAsync(Enumerable.Repeat((byte)i, 1000).ToArray()));
        }
        t.Now = t.Now.AddMinutes(1);
        cache.Touch(digests[0]); // most recently used now
        var removed = cache.Evict(2500, new HashSet<string> { digests[1] });
        Assert.Equal([digests[2], digests[3], digests[4]], removed);
        Assert.True(cache.Contains(digests[0]));
        Assert.True(cache.Contains(digests[1]));
        Assert.Equal(2000, cache.TotalBytes);
    }

    [Fact]
    public async Task Concurrent_writers_and_readers_never_see_partial_blobs()
    {
        using var dir = new TempDir();
        var data = Enumerable.Range(0, 2_000_000).Select(i => (byte)i).ToArray();
        var digest = PackDigest.Sha256(data);
        var caches = Enumerable.Range(0, 4).Select(_ => new PackCache(dir.Path)).ToArray();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var writers = caches.Select(c => Task.Run(async () => { for (int i = 0; i < 5; i++) await c.PutAsync(data, digest); })).ToArray();
        var readers = caches.Select(c => Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                var got = await c.TryReadAsync(digest);
                if (got is not null) Assert.Equal(data.Length, got.Length); // verified against the digest on read
            }
        })).ToArray();
        await Task.WhenAll(writers.Concat(readers)).WaitAsync(cts.Token);
        Assert.Equal(data, await caches[0].TryReadAsync(digest));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir.Path, "tmp")));
    }
}
