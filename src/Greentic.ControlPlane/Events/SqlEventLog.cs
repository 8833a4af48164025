using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL event logs (<c>INSERT … ON CONFLICT … RETURNING</c>, <c>@name</c>
/// parameters); connection handling and DDL differ.
/// <para>Tables: <c>greentic_event_heads(stream, head)</c> — the last sequence given out per stream, never deleted, so
/// sequences keep rising across trims; <c>greentic_events(stream, seq, id, …)</c> keyed by (stream, seq), unique on
/// (stream, id); <c>greentic_event_subscribers(stream, subscriber, acked, delivered, redeliveries)</c>.</para>
/// <para>An append takes the stream's head row in its transaction (an upsert that increments it), so appends to one
/// stream commit in sequence order and a reader never sees a sequence before a smaller one is visible.</para>
/// </summary>
public abstract class SqlEventLog : IEventLog, IAsyncDisposable
{
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private readonly EventAppendSignal _signal = new();
    private volatile bool _initialized;

    protected SqlEventLog(TimeProvider time, ILogger logger)
    {
        Time = time;
        Logger = logger;
    }

    protected TimeProvider Time { get; }
    protected ILogger Logger { get; }
    protected abstract string Heads { get; }
    protected abstract string Events { get; }
    protected abstract string Subscribers { get; }
    public abstract string Description { get; }

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
    protected abstract ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Entered around every write; SQLite queues this process's writers. Null: no gate.</summary>
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return [];
        var results = await AppendCoreAsync(stream, events, cancellationToken).ConfigureAwait(false);
        _signal.Notify(stream);
        return results;
    }

    /// <summary>One append in its own transaction; SQLite overrides it to commit concurrent appends together.</summary>
    protected virtual Task<IReadOnlyList<AppendResult>> AppendCoreAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken) =>
        RunAsync("append", write: true, async connection =>
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var results = await AppendInTransactionAsync(connection, tx, stream, events, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return results;
        }, cancellationToken);

    /// <summary>The append itself, inside a transaction the caller commits.</summary>
    protected async Task<IReadOnlyList<AppendResult>> AppendInTransactionAsync(DbConnection connection, DbTransaction tx, EventStreamId stream,
        IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var results = new List<AppendResult>(events.Count);
        foreach (var e in events)
        {
            if (await FindAsync(connection, tx, stream, e.Id, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                results.Add(new AppendResult(e.Id, existing, Duplicate: true));
                continue;
            }
            await using var next = Command(connection, tx,
                $"INSERT INTO {Heads} (stream, head) VALUES (@s, 1) ON CONFLICT (stream) DO UPDATE SET head = greentic_event_heads.head + 1 RETURNING head",
                ("@s", stream.Key));
            var seq = Convert.ToInt64(await next.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
            await using var insert = Command(connection, tx,
                $"INSERT INTO {Events} (stream, seq, id, team, topic, type, source, subject, time_ms, correlation_id, payload, metadata, appended_at) " +
                "VALUES (@s, @seq, @id, @team, @topic, @type, @source, @subject, @time, @corr, @payload, @meta, @now) ON CONFLICT (stream, id) DO NOTHING",
                ("@s", stream.Key), ("@seq", seq), ("@id", e.Id), ("@team", e.Team ?? ""), ("@topic", e.Topic), ("@type", e.Type),
                ("@source", e.Source), ("@subject", (object?)e.Subject ?? DBNull.Value), ("@time", e.Time.ToUnixTimeMilliseconds()),
                ("@corr", (object?)e.CorrelationId ?? DBNull.Value), ("@payload", e.PayloadJson.ToArray()),
                ("@meta", EventMetadataJson.Write(e.Metadata)), ("@now", now));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                results.Add(new AppendResult(e.Id, seq, Duplicate: false));
            }
            else
            {
                // Another replica appended the same id between our look-up and our insert (PostgreSQL).
                var original = await FindAsync(connection, tx, stream, e.Id, cancellationToken).ConfigureAwait(false) ?? seq;
                results.Add(new AppendResult(e.Id, original, Duplicate: true));
            }
        }
        return results;
    }

    private async Task<long?> FindAsync(DbConnection connection, DbTransaction tx, EventStreamId stream, string id, CancellationToken cancellationToken)
    {
        await using var find = Command(connection, tx, $"SELECT seq FROM {Events} WHERE stream = @s AND id = @id", ("@s", stream.Key), ("@id", id));
        var found = await find.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return found is null or DBNull ? null : Convert.ToInt64(found);
    }

    public async ValueTask<IReadOnlyList<LoggedEvent>> ReadAsync(EventStreamId stream, long afterSequence, string? team, int limit, CancellationToken cancellationToken)
    {
        return await RunAsync("read", write: false, async connection =>
        {
            const string Columns = "SELECT seq, id, team, topic, type, source, subject, time_ms, correlation_id, payload, metadata ";
            await using var cmd = team is null
                ? Command(connection, null, Columns + $"FROM {Events} WHERE stream = @s AND seq > @after ORDER BY seq LIMIT @limit",
                    ("@s", stream.Key), ("@after", afterSequence), ("@limit", limit))
                : Command(connection, null, Columns + $"FROM {Events} WHERE stream = @s AND seq > @after AND team = @team ORDER BY seq LIMIT @limit",
                    ("@s", stream.Key), ("@after", afterSequence), ("@team", team), ("@limit", limit));
            var list = new List<LoggedEvent>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var e = new NewEvent(
                    Id: r.GetString(1),
                    Team: r.GetString(2) is { Length: > 0 } t ? t : null,
                    Topic: r.GetString(3),
                    Type: r.GetString(4),
                    Source: r.GetString(5),
                    Subject: r.IsDBNull(6) ? null : r.GetString(6),
                    Time: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
                    CorrelationId: r.IsDBNull(8) ? null : r.GetString(8),
                    PayloadJson: r.GetFieldValue<byte[]>(9),
                    Metadata: EventMetadataJson.Read(r.GetString(10)));
                list.Add(new LoggedEvent(r.GetInt64(0), e));
            }
            return (IReadOnlyList<LoggedEvent>)list;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WaitForAppendAsync(EventStreamId stream, long afterSequence, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var appended = _signal.Next(stream);
        var bounds = await BoundsAsync(stream, cancellationToken).ConfigureAwait(false);
        if (bounds.Head > afterSequence) return;
        try
        {
            await appended.WaitAsync(maxWait, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Look again: another replica may have appended.
        }
    }

    public async ValueTask<LogBounds> BoundsAsync(EventStreamId stream, CancellationToken cancellationToken)
    {
        return await RunAsync("bounds", write: false, async connection =>
        {
            await using var cmd = Command(connection, null,
                $"SELECT (SELECT head FROM {Heads} WHERE stream = @s), (SELECT MIN(seq) FROM {Events} WHERE stream = @s)", ("@s", stream.Key));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            var head = r.IsDBNull(0) ? 0 : r.GetInt64(0);
            var first = r.IsDBNull(1) ? 0 : r.GetInt64(1);
            return new LogBounds(first, head);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SubscriberPosition?> GetSubscriberAsync(EventStreamId stream, string subscriber, CancellationToken cancellationToken)
    {
        return await RunAsync("subscriber", write: false, async connection =>
        {
            await using var cmd = Command(connection, null,
                $"SELECT acked, delivered, redeliveries FROM {Subscribers} WHERE stream = @s AND subscriber = @sub", ("@s", stream.Key), ("@sub", subscriber));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new SubscriberPosition(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2))
                : (SubscriberPosition?)null;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SubscriberPosition> ResumeAsync(EventStreamId stream, string subscriber, long startAfter, CancellationToken cancellationToken)
    {
        return await RunAsync("resume", write: true, async connection =>
        {
            await using var cmd = Command(connection, null,
                $"INSERT INTO {Subscribers} (stream, subscriber, acked, delivered, redeliveries, updated_at) VALUES (@s, @sub, 0, 0, 0, @now) " +
                "ON CONFLICT (stream, subscriber) DO UPDATE SET updated_at = excluded.updated_at, " +
                "redeliveries = CASE WHEN greentic_event_subscribers.delivered > @start THEN greentic_event_subscribers.redeliveries + 1 ELSE greentic_event_subscribers.redeliveries END " +
                "RETURNING acked, delivered, redeliveries",
                ("@s", stream.Key), ("@sub", subscriber), ("@start", startAfter), ("@now", Time.GetUtcNow().ToUnixTimeMilliseconds()));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await r.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new SubscriberPosition(r.GetInt64(0), r.GetInt64(1), r.GetInt32(2));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RecordDeliveredAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken cancellationToken)
    {
        await RunAsync("delivered", write: true, async connection =>
        {
            await using var cmd = Command(connection, null,
                $"UPDATE {Subscribers} SET delivered = @seq, updated_at = @now WHERE stream = @s AND subscriber = @sub AND delivered < @seq",
                ("@s", stream.Key), ("@sub", subscriber), ("@seq", sequence), ("@now", Time.GetUtcNow().ToUnixTimeMilliseconds()));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<long> AckAsync(EventStreamId stream, string subscriber, long sequence, CancellationToken cancellationToken)
    {
        return await RunAsync("ack", write: true, async connection =>
        {
            await using var cmd = Command(connection, null,
                $"INSERT INTO {Subscribers} (stream, subscriber, acked, delivered, redeliveries, updated_at) VALUES (@s, @sub, @seq, @seq, 0, @now) " +
                "ON CONFLICT (stream, subscriber) DO UPDATE SET updated_at = excluded.updated_at, " +
                "acked = CASE WHEN greentic_event_subscribers.acked < @seq THEN @seq ELSE greentic_event_subscribers.acked END, " +
                "redeliveries = CASE WHEN @seq >= greentic_event_subscribers.delivered THEN 0 ELSE greentic_event_subscribers.redeliveries END " +
                "RETURNING acked",
                ("@s", stream.Key), ("@sub", subscriber), ("@seq", sequence), ("@now", Time.GetUtcNow().ToUnixTimeMilliseconds()));
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> TrimAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        return await RunAsync("trim", write: true, async connection =>
        {
            var deleted = 0;
            if (policy.MaxAge is { } age)
            {
                var cutoff = (Time.GetUtcNow() - age).ToUnixTimeMilliseconds();
                await using var byAge = Command(connection, null, $"DELETE FROM {Events} WHERE appended_at < @cutoff", ("@cutoff", cutoff));
                deleted += await byAge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            if (policy.MaxEventsPerTenant is { } max)
            {
                await using var byCount = Command(connection, null,
                    $"DELETE FROM {Events} WHERE seq <= (SELECT h.head FROM {Heads} h WHERE h.stream = greentic_events.stream) - @max", ("@max", max));
                deleted += await byCount.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return deleted;
        }, cancellationToken).ConfigureAwait(false);
    }

    protected async Task<T> RunAsync<T>(string operation, bool write, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            using var gate = write ? await EnterWriteAsync(cancellationToken).ConfigureAwait(false) : null;
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!_initialized) await EnsureSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
        {
            EventsLog.OperationFailed(Logger, operation, Description, ex);
            throw new EventLogException($"event log {Description}: {operation} failed: {ex.Message}", ex);
        }
    }

    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized) return;
            await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
            _initialized = true;
            EventsLog.Initialized(Logger, Description);
        }
        finally
        {
            _initGate.Release();
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public virtual ValueTask DisposeAsync()
    {
        _initGate.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
