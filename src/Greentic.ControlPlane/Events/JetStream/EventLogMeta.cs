using System.Text;
using System.Text.Json;
using NATS.Client.KeyValueStore;

namespace Greentic.ControlPlane.Events.JetStream;

/// <summary>
/// The JetStream log's small shared records, in a JetStream key-value bucket updated with compare-and-set (revision),
/// so every replica sees and moves the same values:
/// <list type="bullet">
/// <item><c>sub.{env}.{tenant}.{hex(subscriber)}</c> — a durable subscriber's acked / delivered / redeliveries. It is a
/// record rather than a JetStream consumer's ack floor because <c>EventsService.Ack</c> may reach any replica, not the
/// one holding the delivered message (whose reply subject a JetStream ack needs), and a subscriber may rewind to any
/// cursor;</item>
/// <item><c>floor.{env}.{tenant}</c> — the first sequence retention kept for the tenant (so a gap is reported only
/// where retention removed events, not where other tenants' events sit between this tenant's).</item>
/// </list>
/// </summary>
internal sealed class EventLogMeta(INatsKVStore store)
{
    private sealed record Position(long Acked, long Delivered, int Redeliveries);

    public async ValueTask<SubscriberPosition?> GetAsync(EventStreamId stream, string subscriber, CancellationToken ct) =>
        await ReadAsync<Position>(SubscriberKey(stream, subscriber), ct) is { } p ? new SubscriberPosition(p.Acked, p.Delivered, p.Redeliveries) : null;

    public async ValueTask<SubscriberPosition> ResumeAsync(EventStreamId stream, string subscriber, long startAfter, CancellationToken ct)
    {
        var p = await ChangeAsync<Position>(SubscriberKey(stream, subscriber),
            old => old is null ? new Position(0, 0, 0) : old.Delivered > startAfter ? old with { Redeliveries = old.Redeliveries + 1 } : old, ct);
        return new SubscriberPosition(p.Acked, p.Delivered, p.Redeliveries);
    }

    public async ValueTask RecordDeliveredAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken ct) =>
        await ChangeAsync<Position>(SubscriberKey(stream, subscriber),
            old => old is null ? null : old.Delivered < sequence ? old with { Delivered = sequence } : old, ct);

    public async ValueTask<long> AckAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken ct)
    {
        var p = await ChangeAsync<Position>(SubscriberKey(stream, subscriber), old => old is null
            ? new Position(sequence, sequence, 0)
            : old with { Acked = Math.Max(old.Acked, sequence), Redeliveries = sequence >= old.Delivered ? 0 : old.Redeliveries }, ct);
        return p.Acked;
    }

    public async ValueTask<long> FloorAsync(EventStreamId stream, CancellationToken ct) => await ReadAsync<long?>(FloorKey(stream), ct) ?? 0;

    public async ValueTask RaiseFloorAsync(EventStreamId stream, long floor, CancellationToken ct) =>
        await ChangeAsync<long?>(FloorKey(stream), old => old is { } o && o >= floor ? o : floor, ct);

    private static string SubscriberKey(EventStreamId s, string subscriber) => $"sub.{s.Env}.{s.Tenant}.{Convert.ToHexStringLower(Encoding.UTF8.GetBytes(subscriber))}";
    private static string FloorKey(EventStreamId s) => $"floor.{s.Env}.{s.Tenant}";

    private async ValueTask<T?> ReadAsync<T>(string key, CancellationToken ct)
    {
        try
        {
            var entry = await store.GetEntryAsync<byte[]>(key, cancellationToken: ct);
            return entry.Value is { Length: > 0 } bytes ? JsonSerializer.Deserialize<T>(bytes) : default;
        }
        catch (NatsKVKeyNotFoundException)
        {
            return default;
        }
        catch (NatsKVKeyDeletedException)
        {
            return default;
        }
    }

    /// <summary>Applies <paramref name="change"/> with compare-and-set, retrying when another replica wrote in between. A null result writes nothing.</summary>
    private async ValueTask<T> ChangeAsync<T>(string key, Func<T?, T?> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            ulong revision = 0;
            T? old = default;
            try
            {
                var entry = await store.GetEntryAsync<byte[]>(key, cancellationToken: ct);
                revision = entry.Revision;
                old = entry.Value is { Length: > 0 } bytes ? JsonSerializer.Deserialize<T>(bytes) : default;
            }
            catch (Exception e) when (e is NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
            {
            }
            var next = change(old);
            if (next is null || Equals(next, old)) return old!;
            var value = JsonSerializer.SerializeToUtf8Bytes(next);
            try
            {
                if (revision == 0) await store.CreateAsync(key, value, cancellationToken: ct);
                else await store.UpdateAsync(key, value, revision, cancellationToken: ct);
                return next;
            }
            catch (Exception e) when (e is NatsKVCreateException or NatsKVWrongLastRevisionException && attempt < 100)
            {
                // Another replica changed it first: read again and re-apply.
            }
        }
    }
}
