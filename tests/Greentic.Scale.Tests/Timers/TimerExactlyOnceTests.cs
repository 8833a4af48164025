using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Timers;
using Greentic.TestSupport;

namespace Greentic.Scale.Tests.Timers;

/// <summary>
/// Cron ticks fire exactly once across replicas that share PostgreSQL, including when a replica dies holding a claim.
/// Replicas are in-process schedulers with their own connection pools; time is a fake clock moved by the test, so the
/// assertions are counts, never durations.
/// </summary>
public sealed class TimerExactlyOnceTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly TimerScheduleOptions EverySecond = new() { Name = "heartbeat", Tenant = "acme", Cron = "* * * * * *", ProviderType = "echo", Op = "echo" };
    private static readonly TimerScheduleOptions EveryFiveSeconds = new() { Name = "digest", Tenant = "acme", Team = "support", Cron = "*/5 * * * * *", ProviderType = "echo", Op = "echo" };

    private TimerReplicas Start(int replicas, params TimerScheduleOptions[] schedules)
    {
        var options = new StateStoreOptions { Backend = StateBackend.Postgres, PostgresConnectionString = postgres.ConnectionString, PostgresSchema = "t" + Guid.NewGuid().ToString("N")[..12] };
        var timers = new TimerOptions { Lease = TimeSpan.FromSeconds(30), CatchUp = TimeSpan.FromMinutes(5), FireTimeout = TimeSpan.FromSeconds(25), Schedules = [.. schedules] };
        return new TimerReplicas(() => new PostgresStateStore(options), options, timers, replicas);
    }

    [Fact]
    public async Task Three_replicas_fire_every_tick_exactly_once()
    {
        await using var cluster = Start(3, EverySecond, EveryFiveSeconds);
        var start = cluster.Clock.GetUtcNow();
        for (var step = 0; step < 120; step++)
        {
            cluster.Clock.Advance(TimeSpan.FromSeconds(1));
            await cluster.PassAsync();
        }
        var end = cluster.Clock.GetUtcNow();

        Assert.Equal(120 + 24, cluster.Fired.Count);
        Assert.All(cluster.Fired, f => Assert.Single(f.Value));
        var heartbeat = await cluster.Leases.ListAsync("dev/acme/heartbeat", CancellationToken.None);
        Assert.Equal(120, heartbeat.Count);
        Assert.All(heartbeat, r => Assert.Equal(1, r.FireCount));
        Assert.Equal(Enumerable.Range(1, 120).Select(s => start.AddSeconds(s)), heartbeat.Select(r => r.Tick));
        Assert.Equal(24, (await cluster.Leases.ListAsync("dev/acme/digest", CancellationToken.None)).Count(r => r.FireCount == 1));
        Assert.Equal(end, heartbeat[^1].Tick);
    }

    [Fact]
    public async Task A_replica_that_dies_holding_a_claim_leaves_the_tick_to_another_after_the_lease()
    {
        await using var cluster = Start(3, EverySecond);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await cluster.PassAsync();
        Assert.Single(cluster.Fired);

        // Replica 0 claims the next tick and dies inside its target (cancelled, as a SIGKILL would end it).
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var dying = cluster.Targets[0];
        dying.Behaviour = (_, ct) => Task.Delay(Timeout.Infinite, ct);
        dying.Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var kill = new CancellationTokenSource();
        var pass = cluster.Replicas[0].RunOnceAsync(kill.Token);
        await dying.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        kill.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
        var orphan = (await cluster.Leases.ListAsync("dev/acme/heartbeat", CancellationToken.None))[^1];
        Assert.Equal(("replica-0", null), (orphan.Owner, orphan.FiredAt));

        // The survivors keep running; the orphaned tick waits for its lease, every other tick fires at once.
        for (var step = 0; step < 40; step++)
        {
            await cluster.PassAsync(1, 2);
            Assert.Equal(step <= 30 ? 1 + step : 2 + step, cluster.Fired.Count);
            cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var records = await cluster.Leases.ListAsync("dev/acme/heartbeat", CancellationToken.None);
        Assert.Equal(41, records.Count);
        Assert.All(records, r => Assert.Equal(1, r.FireCount));
        Assert.All(cluster.Fired, f => Assert.Single(f.Value));
        Assert.DoesNotContain("replica-0", cluster.Fired[$"dev/acme/heartbeat@{orphan.Tick.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"]);
    }

    [Fact]
    public async Task A_failed_firing_is_released_and_retried_by_the_next_pass_of_any_replica()
    {
        await using var cluster = Start(2, EverySecond);
        var failures = 0;
        foreach (var t in cluster.Targets)
            t.Behaviour = (_, _) => Interlocked.Increment(ref failures) <= 3 ? throw new InvalidOperationException("provider unavailable") : Task.CompletedTask;
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        for (var pass = 0; pass < 4; pass++) await cluster.PassAsync();
        Assert.Single(cluster.Fired);
        Assert.Single(cluster.Fired.Single().Value);
        Assert.Equal(1, (await cluster.Leases.ListAsync("dev/acme/heartbeat", CancellationToken.None)).Single().FireCount);
    }

    [Fact]
    public async Task After_every_replica_was_down_ticks_within_CatchUp_fire_once_and_older_ones_are_dropped()
    {
        await using var cluster = Start(2, EverySecond);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        await cluster.PassAsync();
        cluster.Clock.Advance(TimeSpan.FromMinutes(10)); // the whole cluster was down
        await cluster.PassAsync();
        Assert.Equal(1 + 300, cluster.Fired.Count);
        Assert.All(cluster.Fired, f => Assert.Single(f.Value));
    }
}
