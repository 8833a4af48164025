using System.Text;
using Greentic.ControlPlane.Events;

namespace Greentic.TestSupport;

/// <summary>
/// What every <see cref="IEventLog"/> back end must do: a test class derives from it and creates its log. Run against
/// SQLite and a real PostgreSQL (Greentic.ControlPlane.Tests) and a real nats-server (Greentic.Scale.Tests).
/// </summary>
public abstract class EventLogContract
{
    protected abstract IEventLog Create(TimeProvider time);

    private static EventStreamId Stream() => new("dev", "t" + Guid.NewGuid().ToString("N")[..10]);

    private static NewEvent E(string id, string? team = null, string topic = "messaging.ingress") =>
        new(id, team, topic, "type.v1", "test", "subject", DateTimeOffset.UnixEpoch.AddDays(1), "corr-1", Encoding.UTF8.GetBytes("{\"id\":\"" + id + "\"}"),
            new Dictionary<string, string> { ["session_key"] = "s:" + id });

    [Fact]
    public async Task Appends_in_order_are_idempotent_per_id_and_read_back_whole()
    {
        var log = Create(TimeProvider.System);
        var s = Stream();
        var first = await log.AppendAsync(s, [E("a"), E("b", team: "red"), E("a")], default);
        Assert.Equal([false, false, true], first.Select(r => r.Duplicate));
        Assert.True(first[1].Sequence > first[0].Sequence);
        Assert.Equal(first[0].Sequence, first[2].Sequence);
        var again = await log.AppendAsync(s, [E("b")], default);
        Assert.True(again[0].Duplicate);
        Assert.Equal(first[1].Sequence, again[0].Sequence);

        var all = await log.ReadAsync(s, 0, null, 10, default);
        Assert.Equal(["a", "b"], all.Select(e => e.Event.Id));
        var b = all[1].Event;
        Assert.Equal("red", b.Team);
        Assert.Equal("subject", b.Subject);
        Assert.Equal("corr-1", b.CorrelationId);
        Assert.Equal("s:b", b.Metadata["session_key"]);
        Assert.Equal("{\"id\":\"b\"}", Encoding.UTF8.GetString(b.PayloadJson.Span));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), b.Time);
        Assert.Equal(["b"], (await log.ReadAsync(s, 0, "red", 10, default)).Select(e => e.Event.Id));
        Assert.Equal(["b"], (await log.ReadAsync(s, all[0].Sequence, null, 10, default)).Select(e => e.Event.Id));
        Assert.Empty(await log.ReadAsync(Stream(), 0, null, 10, default));
    }

    [Fact]
    public async Task Concurrent_publishers_of_the_same_ids_append_each_once()
    {
        var log = Create(TimeProvider.System);
        var s = Stream();
        var ids = Enumerable.Range(0, 40).Select(i => $"e{i}").ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<AppendResult>();
            foreach (var chunk in ids.Chunk(5)) mine.AddRange(await log.AppendAsync(s, chunk.Select(id => E(id)).ToList(), default));
            return mine;
        })));
        var firsts = results.SelectMany(r => r).Where(r => !r.Duplicate).ToList();
        Assert.Equal(ids.Order(), firsts.Select(r => r.Id).Order());
        var read = await log.ReadAsync(s, 0, null, 1000, default);
        Assert.Equal(40, read.Count);
        Assert.Equal(read.Select(r => r.Sequence).Order(), read.Select(r => r.Sequence));
        // Every duplicate names the sequence the id really has.
        var bySequence = read.ToDictionary(r => r.Event.Id, r => r.Sequence);
        Assert.All(results.SelectMany(r => r), r => Assert.Equal(bySequence[r.Id], r.Sequence));
    }

    [Fact]
    public async Task Retention_by_count_and_age_keeps_sequences_rising()
    {
        var time = new ManualTimeProvider();
        var log = Create(time);
        var s = Stream();
        await log.AppendAsync(s, Enumerable.Range(0, 10).Select(i => E($"old{i}")).ToList(), default);
        time.Advance(TimeSpan.FromHours(2));
        await log.AppendAsync(s, Enumerable.Range(0, 5).Select(i => E($"new{i}")).ToList(), default);

        Assert.True(await log.TrimAsync(new RetentionPolicy(null, 12), default) >= 3);
        var bounds = await log.BoundsAsync(s, default);
        Assert.Equal(12, (await log.ReadAsync(s, 0, null, 100, default)).Count);
        Assert.True(bounds.First > 1);

        await log.TrimAsync(new RetentionPolicy(TimeSpan.FromHours(1), null), default);
        var left = await log.ReadAsync(s, 0, null, 100, default);
        Assert.Equal(["new0", "new1", "new2", "new3", "new4"], left.Select(e => e.Event.Id));

        await log.TrimAsync(new RetentionPolicy(TimeSpan.FromMinutes(1), null), default);
        time.Advance(TimeSpan.FromHours(1));
        await log.TrimAsync(new RetentionPolicy(TimeSpan.FromMinutes(1), null), default);
        Assert.Empty(await log.ReadAsync(s, 0, null, 100, default));
        var head = (await log.BoundsAsync(s, default)).Head;
        var next = await log.AppendAsync(s, [E("after-trim")], default);
        Assert.True(next[0].Sequence > head, "a trimmed log never gives out an old sequence again");
    }

    [Fact]
    public async Task Subscriber_positions_move_forward_and_count_redeliveries()
    {
        var log = Create(TimeProvider.System);
        var s = Stream();
        Assert.Null(await log.GetSubscriberAsync(s, "flows", default));
        var start = await log.ResumeAsync(s, "flows", 0, default);
        Assert.Equal(new SubscriberPosition(0, 0, 0), start);
        await log.RecordDeliveredAsync(s, "flows", 5, default);
        Assert.Equal(2, await log.AckAsync(s, "flows", 2, default));
        Assert.Equal(2, await log.AckAsync(s, "flows", 1, default));
        var resumed = await log.ResumeAsync(s, "flows", 2, default);
        Assert.Equal(new SubscriberPosition(2, 5, 1), resumed);
        Assert.Equal(5, await log.AckAsync(s, "flows", 5, default));
        Assert.Equal(new SubscriberPosition(5, 5, 0), await log.GetSubscriberAsync(s, "flows", default));
        Assert.Null(await log.GetSubscriberAsync(new EventStreamId("dev", "other"), "flows", default));
    }

    [Fact]
    public async Task Waiting_for_an_append_wakes_on_an_append_and_returns_at_once_when_the_log_is_ahead()
    {
        var log = Create(TimeProvider.System);
        var s = Stream();
        var waiting = log.WaitForAppendAsync(s, 0, TimeSpan.FromMinutes(5), default);
        await log.AppendAsync(s, [E("wake")], default);
        await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        await log.WaitForAppendAsync(s, 0, TimeSpan.FromMinutes(5), default).WaitAsync(TimeSpan.FromSeconds(60));
        using var cts = new CancellationTokenSource();
        var cancelled = log.WaitForAppendAsync(s, 1, TimeSpan.FromMinutes(5), cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }
}
