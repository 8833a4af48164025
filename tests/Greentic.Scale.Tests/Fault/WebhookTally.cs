namespace Greentic.Scale.Tests.Fault;

/// <summary>
/// What became of the webhooks, as counts: every update the gateway acknowledged must be in the event log once and reach
/// each subscriber once, however often it was sent; nothing the gateway refused may have been refused for good.
/// </summary>
internal sealed class WebhookTally
{
    public WebhookTally(WebhookSender sender, IReadOnlyDictionary<string, int> log, IReadOnlyList<EventSubscriber> subscribers)
    {
        var expected = sender.Acknowledged.Keys.Select(WebhookSender.EventId).ToHashSet();
        Sent = sender.Sent;
        NeverAcknowledged = sender.SentIds.Count(id => !sender.Acknowledged.ContainsKey(id));
        LogEvents = log.Count;
        LogDuplicated = log.Values.Count(c => c != 1);
        LogLost = expected.Count(id => !log.ContainsKey(id));
        LogUnexpected = log.Keys.Count(id => !expected.Contains(id));
        Subscribers = subscribers.Select(s => new SubscriberTally(s.Name, s.Delivered.Count,
            s.Delivered.Values.Count(c => c != 1), expected.Count(id => !s.Delivered.ContainsKey(id)), s.Breaks.Count, s.Unresumable.Count)).ToList();
        Lines =
        [
            $"webhooks sent {Sent}, acknowledged {sender.Acknowledged.Count}, refused {sender.Refusals.Values.Sum()}" +
            $" ({(sender.Refusals.IsEmpty ? "none" : string.Join(", ", sender.Refusals.OrderBy(r => r.Key).Select(r => $"{r.Key}: {r.Value}")))})," +
            $" retried {sender.Retried}, re-sent {sender.Resent}, refused for good {sender.Unretryable.Count}, unanswered {sender.TransportErrors.Count}",
            $"webhook events on JetStream {LogEvents}, duplicated {LogDuplicated}, lost {LogLost}, never acknowledged {LogUnexpected}",
            .. Subscribers.Select(s => $"delivered to the subscriber {s.Name} {s.Delivered}, duplicated {s.Duplicated}, lost {s.Lost}, resumed after {s.Breaks} broken streams, stopped by {s.Unresumable} unresumable ones"),
        ];
    }

    public long Sent { get; }
    public int NeverAcknowledged { get; }
    public int LogEvents { get; }
    public int LogDuplicated { get; }
    public int LogLost { get; }
    public int LogUnexpected { get; }
    public IReadOnlyList<SubscriberTally> Subscribers { get; }
    public IReadOnlyList<string> Lines { get; }

    public sealed record SubscriberTally(string Name, int Delivered, int Duplicated, int Lost, int Breaks, int Unresumable);
}
