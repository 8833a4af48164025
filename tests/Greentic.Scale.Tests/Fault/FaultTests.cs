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
/// Meanwhile Telegram webhooks stream into the gateway, retried on refusal and partly re-sent like the real Bot API does
/// (<see cref="WebhookSender"/>), and two subscribers follow the ingress events (<see cref="EventSubscriber"/>), one through
/// the gateway (the balancer picks its replica, so a kill may or may not break it), one pinned to the replicas in the order
/// they die (each kill breaks its stream, and it resumes after its last cursor): every acknowledged webhook must be in the log once and
/// reach each subscriber exactly once, and every refusal must have been one a provider retries (5xx, 429 with Retry-After).
/// </summary>
public sealed class FaultTests(PostgresServerFixture postgres, NatsServerFixture nats, ITestOutputHelper output)
    : IClassFixture<PostgresServerFixture>, IClassFixture<NatsServerFixture>
{
    private const string WebhookTopic = "messaging.ingress";

    [Fact]
    public async Task Killing_replicas_under_load_loses_and_fails_nothing()
    {
        await using var topology = await FaultTopology.StartAsync(postgres, nats);
        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await WaitAsync(async () => (await topology.Gateway.DestinationsAsync(admin)).Values.All(a => a), "all replicas healthy at the gateway");

        var load = new LoadClients(topology.Gateway.GrpcAddress, topology.Token());
        using var stopSubscribers = new CancellationTokenSource();
        EventSubscriber[] subscribers =
        [
            new("through the gateway", [topology.Gateway.GrpcAddress], topology.Token(), WebhookTopic),
            new("pinned to replicas b, c, a", [topology.Replicas[1].Grpc, topology.Replicas[2].Grpc, topology.Replicas[0].Grpc], topology.Token(), WebhookTopic),
        ];
        var following = Task.WhenAll(subscribers.Select(s => Task.Run(() => s.RunAsync(stopSubscribers.Token))));
        var webhooks = new WebhookSender(topology.Gateway.HttpAddress, FaultTopology.TelegramSecret);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(invokers: 4, writers: 4, stop.Token);
        var sending = webhooks.RunAsync(senders: 2, pause: TimeSpan.FromMilliseconds(20), stop.Token);
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
        await sending;

        // Orphaned timer claims of the killed replicas expire after the lease (4 s) and are fired by a survivor.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var lost = await load.LostWritesAsync();
        var ticks = await TicksAsync(topology);
        var window = ticks.Where(t => t.Tick <= DateTimeOffset.UtcNow.AddSeconds(-5)).ToList();
        var gaps = window.Zip(window.Skip(1)).Count(p => p.Second.Tick - p.First.Tick != TimeSpan.FromSeconds(1));
        var notOnce = window.Count(t => t.FireCount != 1);

        var beats = await EventCountsAsync(topology, "timers.beat", e => e.Time);
        var beatTicks = beats.Where(b => b.Key <= DateTimeOffset.UtcNow.AddSeconds(-5)).OrderBy(b => b.Key).ToList();
        var beatDuplicates = beats.Values.Count(c => c != 1);
        var beatGaps = beatTicks.Zip(beatTicks.Skip(1)).Count(p => p.Second.Key - p.First.Key != TimeSpan.FromSeconds(1));

        // Every webhook was answered by now; the subscribers have caught up once they received as many events as the log holds.
        var ingress = await EventCountsAsync(topology, WebhookTopic, e => e.Id);
        await WaitAsync(() => Task.FromResult(subscribers.All(s => s.Received >= ingress.Values.Sum() || s.GaveUp)), "the subscribers caught up with the log");
        stopSubscribers.Cancel();
        await following;
        var tally = new WebhookTally(webhooks, ingress, subscribers);

        output.WriteLine($"fault test: {load.Invokes} invokes, {load.Writes} acknowledged writes through the gateway; 2 replicas SIGKILLed, 1 restarted");
        output.WriteLine($"failed idempotent calls: {load.Failures.Count}");
        output.WriteLine($"acknowledged writes lost: {lost.Count}");
        output.WriteLine($"timer ticks: {window.Count} settled, fired exactly once: {window.Count - notOnce}, not exactly once: {notOnce}, missing (gaps): {gaps}");
        output.WriteLine($"timer events on JetStream: {beatTicks.Count} settled ticks, ids appended more than once: {beatDuplicates}, missing (gaps): {beatGaps}");
        foreach (var line in tally.Lines) output.WriteLine(line);
        foreach (var e in ejections) output.WriteLine(e);
        foreach (var f in load.Failures.Take(10)) output.WriteLine("  failure: " + f);
        foreach (var f in webhooks.Unretryable.Concat(webhooks.TransportErrors).Take(10)) output.WriteLine("  webhook: " + f);
        foreach (var s in subscribers)
        {
            foreach (var b in s.Breaks.Take(5)) output.WriteLine($"  subscriber {s.Name} resumed after: {b}");
            foreach (var b in s.Unresumable) output.WriteLine($"  subscriber {s.Name} stopped by: {b}");
        }
        Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(RepoPaths.Root, "artifacts", "fault-test.txt"), string.Join("\n", new[]
        {
            $"invokes {load.Invokes}, acknowledged writes {load.Writes}",
            $"failed idempotent calls {load.Failures.Count}", $"acknowledged writes lost {lost.Count}",
            $"timer ticks {window.Count}, not exactly once {notOnce}, missing {gaps}",
            $"timer events on JetStream {beatTicks.Count}, duplicated {beatDuplicates}, missing {beatGaps}",
        }.Concat(tally.Lines).Concat(ejections)) + "\n");

        Assert.Empty(load.Failures);
        Assert.Empty(lost);
        Assert.True(load.Invokes > 0 && load.Writes > 0);
        Assert.True(window.Count >= 20, $"only {window.Count} ticks recorded");
        Assert.Equal(0, notOnce);
        Assert.Equal(0, gaps);
        Assert.True(beatTicks.Count >= 20, $"only {beatTicks.Count} timer events");
        Assert.Equal(0, beatDuplicates);
        Assert.Equal(0, beatGaps);

        Assert.True(tally.Sent >= 100, $"only {tally.Sent} webhooks sent");
        Assert.Empty(webhooks.Unretryable);
        Assert.Empty(webhooks.TransportErrors);
        Assert.Equal(0, tally.NeverAcknowledged);
        Assert.True(webhooks.Resent > 0);
        Assert.Equal(0, tally.LogDuplicated);
        Assert.Equal(0, tally.LogLost);
        Assert.Equal(0, tally.LogUnexpected);
        foreach (var s in subscribers)
            Assert.True(s.Unresumable.IsEmpty, $"subscriber {s.Name}: a broken stream ended with a status no client resumes on: {string.Join("; ", s.Unresumable)}");
        foreach (var s in tally.Subscribers)
        {
            Assert.True(s.Duplicated == 0, $"subscriber {s.Name}: {s.Duplicated} events delivered more than once");
            Assert.True(s.Lost == 0, $"subscriber {s.Name}: {s.Lost} acknowledged webhooks never delivered");
        }
        Assert.True(tally.Subscribers[1].Breaks >= 1, "the pinned subscriber's stream never broke, so resuming was not exercised");
    }

    /// <summary>The events of one topic in tenant demo's JetStream log, counted per key (a timer event's tick, an ingress event's id).</summary>
    private static async Task<Dictionary<TKey, int>> EventCountsAsync<TKey>(FaultTopology topology, string topic, Func<NewEvent, TKey> key) where TKey : notnull
    {
        await using var log = new JetStreamEventLog(new JetStreamOptions { Url = topology.NatsUrl });
        var stream = new EventStreamId("dev", "demo");
        var counts = new Dictionary<TKey, int>();
        for (var after = 0L; ;)
        {
            var batch = await log.ReadAsync(stream, after, null, 500, CancellationToken.None);
            if (batch.Count == 0) return counts;
            foreach (var e in batch.Where(e => e.Event.Topic == topic)) counts[key(e.Event)] = counts.GetValueOrDefault(key(e.Event)) + 1;
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
