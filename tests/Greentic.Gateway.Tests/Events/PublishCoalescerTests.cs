using Greentic.Gateway.Events;

namespace Greentic.Gateway.Tests.Events;

/// <summary>Concurrent publishes of one scope share calls; a refused event fails only its own publish; scopes never mix.</summary>
public sealed class PublishCoalescerTests
{
    private static IngressEvent E(string id) => new(id, "messaging.ingress", "t", "s", null, DateTimeOffset.UnixEpoch, "{}"u8.ToArray(), new Dictionary<string, string>());

    [Fact]
    public async Task Publishes_waiting_behind_a_call_go_together_and_every_caller_completes()
    {
        var calls = new List<List<string>>();
        var gate = new TaskCompletionSource();
        var first = true;
        var coalescer = new PublishCoalescer(async (events, _) =>
        {
            lock (calls) calls.Add(events.Select(e => e.Event.Id).ToList());
            if (first)
            {
                first = false;
                await gate.Task; // hold the first call so the next publishes queue up
            }
        });
        var scope = new EventScope("dev", "acme", null, "corr");
        var head = coalescer.PublishAsync(scope, [E("0")], default);
        var rest = Enumerable.Range(1, 20).Select(i => coalescer.PublishAsync(scope with { CorrelationId = $"c{i}" }, [E($"{i}")], default)).ToList();
        gate.SetResult();
        await Task.WhenAll(rest.Prepend(head)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(21, calls.Sum(c => c.Count));
        Assert.True(calls.Count < 21, $"{calls.Count} calls for 21 publishes");
        Assert.Equal(Enumerable.Range(0, 21).Select(i => $"{i}").Order(), calls.SelectMany(c => c).Order());
    }

    [Fact]
    public async Task A_failed_batch_is_retried_one_publish_at_a_time_so_only_the_bad_one_fails()
    {
        var gate = new TaskCompletionSource();
        var held = false;
        var coalescer = new PublishCoalescer(async (events, _) =>
        {
            if (!held)
            {
                held = true;
                await gate.Task;
            }
            if (events.Any(e => e.Event.Id == "bad")) throw new EventSinkException("refused");
        });
        var scope = new EventScope("dev", "acme", null, "corr");
        var first = coalescer.PublishAsync(scope, [E("first")], default);
        var good = coalescer.PublishAsync(scope, [E("good")], default);
        var bad = coalescer.PublishAsync(scope, [E("bad")], default);
        var other = coalescer.PublishAsync(scope with { Tenant = "globex" }, [E("bad")], default);
        gate.SetResult();

        await first.WaitAsync(TimeSpan.FromSeconds(60));
        await good.WaitAsync(TimeSpan.FromSeconds(60));
        await Assert.ThrowsAsync<EventSinkException>(() => bad.WaitAsync(TimeSpan.FromSeconds(60)));
        await Assert.ThrowsAsync<EventSinkException>(() => other.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
