namespace Greentic.ControlPlane.Events;

/// <summary>
/// A tenant's durable, ordered event log: the one seam between <c>EventsService</c> and a storage engine
/// (SQLite and PostgreSQL here; NATS JetStream later). Positions are sequence numbers, strictly increasing
/// within a stream (gaps allowed); the service turns them into opaque cursors.
/// </summary>
public interface IEventLog
{
    /// <summary>Names the back end in messages (a path or host/database; never a password).</summary>
    string Description { get; }

    /// <summary>
    /// Appends in order; idempotent per event id within the stream: an id the log holds is not appended again
    /// and its original sequence is returned with <see cref="AppendResult.Duplicate"/>. Durable when this returns.
    /// </summary>
    ValueTask<IReadOnlyList<AppendResult>> AppendAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="afterSequence"/> in order; only <paramref name="team"/>'s when set.</summary>
    ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(EventStreamId stream, long afterSequence, string? team, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when an event may have been appended to <paramref name="stream"/> after <paramref name="afterSequence"/>,
    /// or after <paramref name="maxWait"/> (another replica may have appended without telling this one).
    /// </summary>
    Task WaitForAppendAsync(EventStreamId stream, long afterSequence, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>The oldest retained and the newest appended sequence (0 when nothing was ever appended).</summary>
    ValueTask<LogBounds> BoundsAsync(EventStreamId stream, CancellationToken cancellationToken);

    /// <summary>A durable subscriber's position, or null for a name never seen.</summary>
    ValueTask<SubscriberPosition?> GetSubscriberAsync(EventStreamId stream, string subscriber, CancellationToken cancellationToken);

    /// <summary>Records that a subscription resumed: one more redelivery round when it starts at or before what was already delivered.</summary>
    ValueTask<SubscriberPosition> ResumeAsync(EventStreamId stream, string subscriber, long startAfter, CancellationToken cancellationToken);

    /// <summary>Records the highest sequence sent to a durable subscriber (for delivery attempts).</summary>
    ValueTask RecordDeliveredAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken cancellationToken);

    /// <summary>Moves a durable subscriber's acknowledged position forward (never back); returns the position after the call.</summary>
    ValueTask<long> AckAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken cancellationToken);

    /// <summary>Deletes events older than the policy's age and beyond its count per stream; returns how many.</summary>
    ValueTask<int> TrimAsync(RetentionPolicy policy, CancellationToken cancellationToken);
}

/// <summary>One tenant's log: events of every team of the tenant, each tagged with its team.</summary>
public sealed record EventStreamId(string Env, string Tenant)
{
    public string Key => $"{Env}/{Tenant}";
}

/// <summary>An event to append (mirrors greentic-types EventEnvelope; the tenant is the stream).</summary>
public sealed record NewEvent(
    string Id,
    string? Team,
    string Topic,
    string Type,
    string Source,
    string? Subject,
    DateTimeOffset Time,
    string? CorrelationId,
    ReadOnlyMemory<byte> PayloadJson,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>An event as the log holds it, at <paramref name="Sequence"/>.</summary>
public sealed record LoggedEvent(long Sequence, NewEvent Event);

public readonly record struct AppendResult(string Id, long Sequence, bool Duplicate);

/// <param name="First">The oldest retained sequence; 0 when the log holds nothing.</param>
/// <param name="Head">The newest sequence ever appended; 0 when none.</param>
public readonly record struct LogBounds(long First, long Head);

/// <param name="Acked">Everything up to this sequence is processed.</param>
/// <param name="Delivered">The highest sequence sent to the subscriber.</param>
/// <param name="Redeliveries">How many times a subscription resumed at or before <paramref name="Delivered"/> since the last ack that covered it.</param>
public readonly record struct SubscriberPosition(long Acked, long Delivered, int Redeliveries);

/// <summary>How much a log keeps; null means no limit of that kind.</summary>
public sealed record RetentionPolicy(TimeSpan? MaxAge, long? MaxEventsPerTenant);

/// <summary>A back-end failure; the message is safe to return to a caller.</summary>
public sealed class EventLogException(string message, Exception? inner = null) : Exception(message, inner);
