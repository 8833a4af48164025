using Greentic.Gateway.Dedupe;
using Greentic.Gateway.Tests.Support;
using Greentic.TestSupport;

namespace Greentic.Gateway.Tests.Dedupe;

/// <summary>The same behaviour asked of both backends; each subclass runs it on its engine.</summary>
public abstract class DedupeStoreContract
{
    protected readonly ShiftedTimeProvider Time = new();

    /// <summary>A new store instance on the same shared storage: another gateway replica.</summary>
    private protected abstract SqlDedupeStore Replica();

    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    [Fact]
    public async Task The_first_claim_wins_and_a_repeat_sees_it_in_flight_then_done()
    {
        await using var store = Replica();
        var key = $"acme/_/telegram/update-{Guid.NewGuid():N}";

        Assert.Equal(DedupeOutcome.Claimed, (await store.ClaimAsync(key, Lease, default)).Outcome);
        Assert.Equal(DedupeOutcome.InFlight, (await store.ClaimAsync(key, Lease, default)).Outcome);
        await store.CompleteAsync(key, null, Ttl, default);
        var repeat = await store.ClaimAsync(key, Lease, default);
        Assert.Equal(DedupeOutcome.Done, repeat.Outcome);
        Assert.Null(repeat.Response);
    }

    [Fact]
    public async Task Of_many_replicas_claiming_at_once_exactly_one_wins()
    {
        var replicas = Enumerable.Range(0, 4).Select(_ => Replica()).ToList();
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var key = $"acme/_/slack/event-{Guid.NewGuid():N}";
                using var start = new ManualResetEventSlim();
                var claims = replicas.SelectMany(r => Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
                {
                    start.Wait();
                    return await r.ClaimAsync(key, Lease, default);
                }))).ToList();
                start.Set();
                var outcomes = await Task.WhenAll(claims);
                Assert.Single(outcomes, o => o.Outcome == DedupeOutcome.Claimed);
            }
        }
        finally
        {
            foreach (var r in replicas) await r.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stored_response_is_replayed_to_another_replica()
    {
        await using var first = Replica();
        await using var second = Replica();
        var key = $"acme/_/webhook/flow:{Guid.NewGuid():N}";
        await first.ClaimAsync(key, Lease, default);
        await first.CompleteAsync(key, new DedupeResponse(202, "application/json", "{\"status\":\"accepted\"}"u8.ToArray()), Ttl, default);

        var repeat = await second.ClaimAsync(key, Lease, default);

        Assert.Equal(DedupeOutcome.Done, repeat.Outcome);
        Assert.Equal(202, repeat.Response!.Status);
        Assert.Equal("application/json", repeat.Response.ContentType);
        Assert.Equal("{\"status\":\"accepted\"}", System.Text.Encoding.UTF8.GetString(repeat.Response.Body));
    }

    [Fact]
    public async Task One_store_answers_each_key_with_its_own_stored_response_whatever_ran_before()
    {
        // A store may reuse its statements (SQLite keeps them prepared): every operation must bind its own values,
        // absent ones (a null response) included.
        await using var store = Replica();
        var keys = Enumerable.Range(0, 6).Select(i => $"acme/_/webhook/flow:{i}:{Guid.NewGuid():N}").ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(DedupeOutcome.Claimed, (await store.ClaimAsync(keys[i], Lease, default)).Outcome);
            var response = i % 2 == 0 ? null : new DedupeResponse(200 + i, i == 3 ? null : $"text/x-{i}", System.Text.Encoding.UTF8.GetBytes($"body {i}"));
            await store.CompleteAsync(keys[i], response, Ttl, default);
        }
        await store.ReleaseAsync(keys[0], default); // done, not in flight: stays

        for (var i = 0; i < keys.Count; i++)
        {
            var repeat = await store.ClaimAsync(keys[i], Lease, default);
            Assert.Equal(DedupeOutcome.Done, repeat.Outcome);
            if (i % 2 == 0)
            {
                Assert.Null(repeat.Response);
                continue;
            }
            Assert.Equal(200 + i, repeat.Response!.Status);
            Assert.Equal(i == 3 ? null : $"text/x-{i}", repeat.Response.ContentType);
            Assert.Equal($"body {i}", System.Text.Encoding.UTF8.GetString(repeat.Response.Body));
        }
    }

    [Fact]
    public async Task Concurrent_operations_on_one_store_each_get_their_own_answer_and_a_cancelled_one_fails_alone()
    {
        // SQLite commits concurrent operations of a store together (group commit): answers must stay per operation.
        await using var store = Replica();
        var keys = Enumerable.Range(0, 40).Select(i => $"acme/_/slack/{i}:{Guid.NewGuid():N}").ToList();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var claims = keys.SelectMany(k => Enumerable.Range(0, 3).Select(_ => Task.Run(async () => (k, (await store.ClaimAsync(k, Lease, default)).Outcome)))).ToList();
        var doomed = Task.Run(async () => await store.ClaimAsync("acme/_/slack/doomed", Lease, cancelled.Token));
        var outcomes = await Task.WhenAll(claims);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => doomed);
        foreach (var key in keys)
        {
            Assert.Single(outcomes, o => o.k == key && o.Outcome == DedupeOutcome.Claimed);
            Assert.Equal(2, outcomes.Count(o => o.k == key && o.Outcome == DedupeOutcome.InFlight));
        }
        await Task.WhenAll(keys.Select((k, i) => Task.Run(async () =>
            await store.CompleteAsync(k, new DedupeResponse(200, null, System.Text.Encoding.UTF8.GetBytes(k)), Ttl, default))));
        foreach (var key in keys)
        {
            var repeat = await store.ClaimAsync(key, Lease, default);
            Assert.Equal(DedupeOutcome.Done, repeat.Outcome);
            Assert.Equal(key, System.Text.Encoding.UTF8.GetString(repeat.Response!.Body));
        }
        Assert.Equal(DedupeOutcome.Claimed, (await store.ClaimAsync("acme/_/slack/doomed", Lease, default)).Outcome);
    }

    [Fact]
    public async Task An_operation_that_fails_among_concurrent_ones_fails_alone()
    {
        // A key the table refuses (NOT NULL) fails its statement; with SQLite's group commit that happens inside a shared
        // transaction, which is rolled back and rerun one operation at a time: the others must still succeed, exactly once.
        await using var store = Replica();
        for (var round = 0; round < 5; round++)
        {
            var keys = Enumerable.Range(0, 30).Select(i => $"acme/_/slack/{round}:{i}:{Guid.NewGuid():N}").ToList();
            // Started back to back from one thread, so they queue behind each other and share batches.
            var good = new List<Task<DedupeOutcome>>();
            var bad = new List<Task>();
            for (var i = 0; i < keys.Count; i++)
            {
                good.Add(Outcome(store.ClaimAsync(keys[i], Lease, default)));
                if (i % 10 == 5) bad.Add(store.ClaimAsync(null!, Lease, default).AsTask());
            }

            Assert.All(await Task.WhenAll(good), outcome => Assert.Equal(DedupeOutcome.Claimed, outcome));
            foreach (var failing in bad) await Assert.ThrowsAnyAsync<Exception>(() => failing);
            foreach (var key in keys) Assert.Equal(DedupeOutcome.InFlight, (await store.ClaimAsync(key, Lease, default)).Outcome);
        }

        static async Task<DedupeOutcome> Outcome(ValueTask<DedupeClaimResult> claim) => (await claim).Outcome;
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        await using var store = Replica();
        var key = $"acme/_/webex/{Guid.NewGuid():N}";
        await store.ClaimAsync(key, Lease, default);

        await store.ReleaseAsync(key, default);

        Assert.Equal(DedupeOutcome.Claimed, (await store.ClaimAsync(key, Lease, default)).Outcome);
    }

    [Fact]
    public async Task Entries_expire_after_their_ttl_and_an_abandoned_claim_after_its_lease()
    {
        await using var store = Replica();
        var done = $"acme/_/telegram/{Guid.NewGuid():N}";
        var abandoned = $"acme/_/telegram/{Guid.NewGuid():N}";
        await store.ClaimAsync(done, Lease, default);
        await store.CompleteAsync(done, null, Ttl, default);
        await store.ClaimAsync(abandoned, Lease, default);

        Time.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(DedupeOutcome.Done, (await store.ClaimAsync(done, Lease, default)).Outcome);
        Assert.Equal(DedupeOutcome.Claimed, (await store.ClaimAsync(abandoned, Lease, default)).Outcome);

        Time.Advance(Ttl);
        Assert.True(await store.PurgeExpiredAsync(default) >= 1);
        Assert.Equal(DedupeOutcome.Claimed, (await store.ClaimAsync(done, Lease, default)).Outcome);
    }
}

public sealed class SqliteDedupeStoreTests : DedupeStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("greentic-dedupe-").FullName;

    private protected override SqlDedupeStore Replica() => new SqliteDedupeStore(Path.Combine(_directory, "dedupe.db"), Time);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class PostgresDedupeStoreTests(PostgresServerFixture server) : DedupeStoreContract, IClassFixture<PostgresServerFixture>
{
    private protected override SqlDedupeStore Replica() => new PostgresDedupeStore(server.ConnectionString, Time);
}
