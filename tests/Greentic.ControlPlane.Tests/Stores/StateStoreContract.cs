using Greentic.ControlPlane.Tenancy;
using System.Text;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Stores;

namespace Greentic.ControlPlane.Tests.Stores;

/// <summary>
/// The behaviour every state store must have. Each backend's test class derives from this and supplies
/// <see cref="CreateStore"/>; calling it twice in one test must reach the same data (a reopen).
/// </summary>
public abstract class StateStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    private readonly List<SqlStateStore> _stores = [];
    private SqlStateStore? _store;

    protected SqlStateStore Store => _store ??= Track(CreateStore(new StateStoreOptions()));

    /// <summary>A store over this test's database (same database on every call within a test).</summary>
    protected abstract SqlStateStore CreateStore(StateStoreOptions options);

    protected SqlStateStore Track(SqlStateStore store)
    {
        _stores.Add(store);
        return store;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var s in _stores) await s.DisposeAsync();
    }

    protected static readonly TenantContext Acme = new("dev", "acme");
    protected static readonly CancellationToken None = CancellationToken.None;

    protected static StateKey Key(string key, TenantContext? scope = null, string prefix = "flow") => new(scope ?? Acme, prefix, key);

    [Fact]
    public async Task Write_then_read_round_trips_binary_values()
    {
        var value = new byte[] { 0, 1, 2, 255, 0, 127 };
        await Store.WriteAsync(Key("k"), value, None);
        Assert.Equal(value, await Store.ReadAsync(Key("k"), None));

        await Store.WriteAsync(Key("empty"), ReadOnlyMemory<byte>.Empty, None);
        Assert.Equal(Array.Empty<byte>(), await Store.ReadAsync(Key("empty"), None));
    }

    [Fact]
    public async Task Missing_key_reads_null()
    {
        Assert.Null(await Store.ReadAsync(Key("nothing-here"), None));
    }

    [Fact]
    public async Task Write_replaces_and_delete_reports_existence()
    {
        await Store.WriteAsync(Key("k"), "one"u8.ToArray(), None);
        await Store.WriteAsync(Key("k"), "two"u8.ToArray(), None);
        Assert.Equal("two"u8.ToArray(), await Store.ReadAsync(Key("k"), None));
        Assert.True(await Store.DeleteAsync(Key("k"), None));
        Assert.False(await Store.DeleteAsync(Key("k"), None));
        Assert.Null(await Store.ReadAsync(Key("k"), None));
    }

    [Fact]
    public async Task Scopes_are_isolated()
    {
        TenantContext[] scopes =
        [
            new("dev", "acme"),
            new("prod", "acme"),
            new("dev", "globex"),
            new("dev", "acme", "support"),
            new("dev", "acme", "support", "alice"),
            new("dev", "acme", null, "alice"),
            new("dev", "acme", "a", "b"),
            new("dev", "acme", null, "a.b"),
            new("dev", "acme", null, "a:b"),
        ];
        for (var i = 0; i < scopes.Length; i++)
        {
            await Store.WriteAsync(Key("same", scopes[i]), Encoding.UTF8.GetBytes($"v{i}"), None);
        }
        for (var i = 0; i < scopes.Length; i++)
        {
            Assert.Equal($"v{i}", Encoding.UTF8.GetString((await Store.ReadAsync(Key("same", scopes[i]), None))!));
            Assert.Equal(["same"], await Store.ListKeysAsync(scopes[i], "flow", null, 100, None));
        }
        Assert.Null(await Store.ReadAsync(Key("same", prefix: "other"), None));
        Assert.True(await Store.DeleteAsync(Key("same", scopes[1]), None));
        Assert.NotNull(await Store.ReadAsync(Key("same", scopes[0]), None));
    }

    [Fact]
    public async Task List_filters_by_key_prefix_in_order_with_a_limit()
    {
        foreach (var k in new[] { "b/2", "a/1", "a/2", "a/10", "a%x", "a_y", "ab", "c" })
        {
            await Store.WriteAsync(Key(k), new byte[] { 1 }, None);
        }
        await Store.WriteAsync(Key("a/other-prefix", prefix: "other"), new byte[] { 1 }, None);
        await Store.WriteAsync(Key("a/other-tenant", new TenantContext("dev", "globex")), new byte[] { 1 }, None);

        Assert.Equal(["a/1", "a/10", "a/2"], await Store.ListKeysAsync(Acme, "flow", "a/", 100, None));
        Assert.Equal(["a%x"], await Store.ListKeysAsync(Acme, "flow", "a%", 100, None));
        Assert.Equal(["a_y"], await Store.ListKeysAsync(Acme, "flow", "a_", 100, None));
        Assert.Equal(["a%x", "a/1"], await Store.ListKeysAsync(Acme, "flow", "a", 2, None));
        Assert.Equal(8, (await Store.ListKeysAsync(Acme, "flow", null, 100, None)).Count);
        Assert.Empty(await Store.ListKeysAsync(Acme, "flow", "zzz", 100, None));
    }

    [Fact]
    public async Task Unicode_and_long_keys_work()
    {
        var keys = new[] { "日本語/キー", "emoji-🎉", new string('k', StateKey.MaxKeyLength) };
        foreach (var k in keys) await Store.WriteAsync(Key(k), Encoding.UTF8.GetBytes(k), None);
        foreach (var k in keys) Assert.Equal(k, Encoding.UTF8.GetString((await Store.ReadAsync(Key(k), None))!));
        Assert.Equal(["日本語/キー"], await Store.ListKeysAsync(Acme, "flow", "日本", 10, None));
    }

    [Fact]
    public async Task Oversized_values_are_refused_with_the_limit_named()
    {
        var store = Track(CreateStore(new StateStoreOptions { MaxValueBytes = 1024 }));
        await store.WriteAsync(Key("ok"), new byte[1024], None);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync(Key("big"), new byte[1025], None).AsTask());
        Assert.Contains("1024", ex.Message);
    }

    [Fact]
    public async Task Data_survives_reopening_the_store()
    {
        await Store.WriteAsync(Key("durable"), "kept"u8.ToArray(), None);
        await Store.DisposeAsync();
        _stores.Remove(Store);
        _store = null;
        await using var reopened = CreateStore(new StateStoreOptions());
        Assert.Equal("kept"u8.ToArray(), await reopened.ReadAsync(Key("durable"), None));
    }

    [Fact]
    public async Task Concurrent_writers_lose_nothing()
    {
        await Store.InitializeAsync(None);
        var tasks = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await Store.WriteAsync(Key($"w{w}/{i:00}"), BitConverter.GetBytes(i), None);
                await Store.WriteAsync(Key("shared"), BitConverter.GetBytes(w), None);
            }
        }));
        await Task.WhenAll(tasks);
        for (var w = 0; w < 8; w++)
        {
            Assert.Equal(40, (await Store.ListKeysAsync(Acme, "flow", $"w{w}/", 1000, None)).Count);
        }
        Assert.NotNull(await Store.ReadAsync(Key("shared"), None));
    }

    [Fact]
    public async Task Cancelled_token_cancels()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ReadAsync(Key("k"), cts.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(Key("k"), new byte[1], cts.Token).AsTask());
    }

    [Fact]
    public async Task Bad_arguments_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListKeysAsync(Acme, "bad:prefix", null, 10, None).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListKeysAsync(Acme, "flow", null, 0, None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryRecordAsync(Acme, "ns", "", TimeSpan.FromMinutes(1), None).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.TryRecordAsync(Acme, "ns", "x", TimeSpan.Zero, None).AsTask());
    }

    [Fact]
    public async Task Dedupe_recognises_duplicates_until_they_expire()
    {
        var ttl = TimeSpan.FromMinutes(10);
        Assert.True((await Store.TryRecordAsync(Acme, "telegram", "update-1", ttl, None)).IsFirst);
        var dup = await Store.TryRecordAsync(Acme, "telegram", "update-1", ttl, None);
        Assert.False(dup.IsFirst);
        Assert.Null(dup.StoredResult);

        await Store.SetResultAsync(Acme, "telegram", "update-1", "{\"status\":202}"u8.ToArray(), None);
        Assert.Equal("{\"status\":202}"u8.ToArray(), (await Store.TryRecordAsync(Acme, "telegram", "update-1", ttl, None)).StoredResult);

        // Other scopes and namespaces are independent.
        Assert.True((await Store.TryRecordAsync(new TenantContext("dev", "globex"), "telegram", "update-1", ttl, None)).IsFirst);
        Assert.True((await Store.TryRecordAsync(Acme, "slack", "update-1", ttl, None)).IsFirst);

        Time.Advance(ttl + TimeSpan.FromSeconds(1));
        var again = await Store.TryRecordAsync(Acme, "telegram", "update-1", ttl, None);
        Assert.True(again.IsFirst);
        Assert.Null((await Store.TryRecordAsync(Acme, "telegram", "update-1", ttl, None)).StoredResult);
    }

    [Fact]
    public async Task Dedupe_admits_exactly_one_of_concurrent_deliveries()
    {
        await Store.InitializeAsync(None);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            Store.TryRecordAsync(Acme, "webhook", "evt-42", TimeSpan.FromMinutes(5), None).AsTask())));
        Assert.Single(results, r => r.IsFirst);
    }

    [Fact]
    public async Task Purge_removes_only_expired_records()
    {
        await Store.TryRecordAsync(Acme, "ns", "short", TimeSpan.FromSeconds(1), None);
        await Store.TryRecordAsync(Acme, "ns", "long", TimeSpan.FromHours(1), None);
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await Store.PurgeExpiredAsync(None));
        Assert.False((await Store.TryRecordAsync(Acme, "ns", "long", TimeSpan.FromHours(1), None)).IsFirst);
    }
}
