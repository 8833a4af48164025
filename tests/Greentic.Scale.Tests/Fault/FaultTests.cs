using System.Diagnostics;
using Greentic.ControlPlane.Events;
using Greentic.ControlPlane.Events.JetStream;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Timers;
using Greentic.Scale.Tests.Support;
using Greentic.TestSupport;
using Xunit.Abstractions;

namespace Greentic.Scale.Tests.Fault;

/// <summary>
/// The proof that the design scales: three control-plane replicas, one gateway, PostgreSQL and nats-server as real
/// processes on this machine, under continuous load through the gateway. Replica b is SIGKILLed, restarted, then c
/// is SIGKILLed. Goals, as counts: zero failed idempotent calls, zero acknowledged writes lost, every timer tick fired
/// exactly once, and each dead replica ejected by the gateway (how long that took is printed beside the health interval).
/// </summary>
public sealed class FaultTests(PostgresServerFixture postgres, NatsServerFixture nats, ITestOutputHelper output)
    : IClassFixture<PostgresServerFixture>, IClassFixture<NatsServerFixture>
{
    [Fact]
    public async Task Killing_replicas_under_load_loses_and_fails_nothing()
    {
        await using var topology = await FaultTopology.StartAsync(postgres, nats);
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await WaitAsync(async () => (await topology.Gateway.DestinationsAsync(admin)).Values.All(a => a), "all replicas healthy at the gateway");

        var load = new LoadClients(topology.Gateway.GrpcAddress, topology.Token());
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(invokers: 4, writers: 4, stop.Token);
        var ejections = new List<string>();

        await Task.Delay(TimeSpan.FromSeconds(6));
        ejections.Add(await KillAndWatchEjectionAsync(topology, topology.Replicas[1], admin));
        await Task.Delay(TimeSpan.FromSeconds(3));
        await topology.StartReplicaAsync(topology.Replicas[1]);
        await WaitAsync(async () => (await topology.Gateway.DestinationsAsync(admin))[topology.Replicas[1].Name], "restarted replica b readmitted");
        await Task.Delay(TimeSpan.FromSeconds(4));
        ejections.Add(await KillAndWatchEjectionAsync(topology, topology.Replicas[2], admin));
        await Task.Delay(TimeSpan.FromSeconds(6));
        stop.Cancel();
        await running;

        // Orphaned timer claims of the killed replicas expire after the lease (4 s) and are fired by a survivor.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var lost = await load.LostWritesAsync();
        var ticks = await TicksAsync(topology);
        var window = ticks.Where(t => t.Tick <= DateTimeOffset.UtcNow.AddSeconds(-5)).ToList();
        var gaps = window.Zip(window.Skip(1)).Count(p => p.Second.Tick - p.First.Tick != TimeSpan.FromSeconds(1));
        var notOnce = window.Count(t => t.FireCount != 1);

        var beats = await TimerEventsAsync(topology);
        var beatTicks = beats.Where(b => b.Key <= DateTimeOffset.UtcNow.AddSeconds(-5)).OrderBy(b => b.Key).ToList();
        var beatDuplicates = beats.Values.Count(c => c != 1);
        var beatGaps = beatTicks.Zip(beatTicks.Skip(1)).Count(p => p.Second.Key - p.First.Key != TimeSpan.FromSeconds(1));

        output.WriteLine($"fault test: {load.Invokes} invokes, {load.Writes} acknowledged writes through the gateway; 2 replicas SIGKILLed, 1 restarted");
        output.WriteLine($"failed idempotent calls: {load.Failures.Count}");
        output.WriteLine($"acknowledged writes lost: {lost.Count}");
        output.WriteLine($"timer ticks: {window.Count} settled, fired exactly once: {window.Count - notOnce}, not exactly once: {notOnce}, missing (gaps): {gaps}");
        output.WriteLine($"timer events on JetStream: {beatTicks.Count} settled ticks, ids appended more than once: {beatDuplicates}, missing (gaps): {beatGaps}");
        foreach (var e in ejections) output.WriteLine(e);
        foreach (var f in load.Failures.Take(10)) output.WriteLine("  failure: " + f);
        Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.Root, "artifacts", "fault-test.txt"), string.Join("\n", new[]
        {
            $"invokes {load.Invokes}, acknowledged writes {load.Writes}",
            $"failed idempotent calls {load.Failures.Count}", $"acknowledged writes lost {lost.Count}",
            $"timer ticks {window.Count}, not exactly once {notOnce}, missing {gaps}",
            $"timer events on JetStream {beatTicks.Count}, duplicated {beatDuplicates}, missing {beatGaps}",
        }.Concat(ejections)) + "\n");

        Assert.Empty(load.Failures);
        Assert.Empty(lost);
        Assert.True(load.Invokes > 0 && load.Writes > 0);
        Assert.True(window.Count >= 20, $"only {window.Count} ticks recorded");
        Assert.Equal(0, notOnce);
        Assert.Equal(0, gaps);
        Assert.True(beatTicks.Count >= 20, $"only {beatTicks.Count} timer events");
        Assert.Equal(0, beatDuplicates);
        Assert.Equal(0, beatGaps);
    }

    /// <summary>The timer events in tenant demo's JetStream log, counted per tick.</summary>
    private static async Task<Dictionary<DateTimeOffset, int>> TimerEventsAsync(FaultTopology topology)
    {
        await using var log = new JetStreamEventLog(new JetStreamOptions { Url = topology.NatsUrl });
        var stream = new EventStreamId("dev", "demo");
        var counts = new Dictionary<DateTimeOffset, int>();
        for (var after = 0L; ;)
        {
            var batch = await log.ReadAsync(stream, after, null, 500, CancellationToken.None);
            if (batch.Count == 0) return counts;
            foreach (var e in batch.Where(e => e.Event.Topic == "timers.beat")) counts[e.Event.Time] = counts.GetValueOrDefault(e.Event.Time) + 1;
            after = batch[^1].Sequence;
        }
    }

    private async Task<string> KillAndWatchEjectionAsync(FaultTopology topology, FaultTopology.Replica replica, HttpClient admin)
    {
        var clock = Stopwatch.StartNew();
        await replica.Process!.KillAsync();
        await WaitAsync(async () => !(await topology.Gateway.DestinationsAsync(admin))[replica.Name], $"replica {replica.Name} ejected");
        return $"replica {replica.Name} SIGKILLed: ejected by the gateway after {clock.ElapsedMilliseconds} ms (health interval {FaultTopology.HealthInterval.TotalMilliseconds} ms)";
    }

    private static async Task<IReadOnlyList<TickRecord>> TicksAsync(FaultTopology topology)
    {
        var options = new StateStoreOptions { Backend = StateBackend.Postgres, PostgresConnectionString = topology.PostgresConnectionString, PostgresSchema = FaultTopology.Schema };
        await using var store = new PostgresStateStore(options);
        return await new TickLeases(store, options).ListAsync($"dev/demo/{FaultTopology.TimerSchedule}", CancellationToken.None);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"waited 60 s for: {what}");
    }
}
