using System.Data.Common;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Greentic.ControlPlane.Tenancy;
using Greentic.Messaging.V1;
using Greentic.Types.V1;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// The messaging store on SQL (SQLite and PostgreSQL differ only in connections and DDL).
/// <para><c>greentic_dead_letters(stream, id, ts_ms, provider, record)</c>: the record is the <see cref="DeadLetter"/> message
/// itself (protobuf), with the columns a listing filters and orders by. <c>greentic_send_jobs(stream, job_id, state,
/// outcome, expires_at)</c>: state 0 = in progress until expires_at (the lease), 1 = done.</para>
/// </summary>
public abstract class SqlMessagingStore : IMessagingStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    protected SqlMessagingStore(TimeProvider time, ILogger logger)
    {
        Time = time;
        Logger = logger;
    }

    protected TimeProvider Time { get; }
    protected ILogger Logger { get; }
    protected abstract string DeadLetters { get; }
    protected abstract string Jobs { get; }
    public abstract string Description { get; }

    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);
    protected abstract ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    private static string StreamOf(TenantContext t) => $"{t.Env}/{t.Tenant}";
    private long Now => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public async ValueTask<DeadLetter> AddDeadLetterAsync(TenantContext tenant, DeadLetter letter, CancellationToken cancellationToken)
    {
        var stored = letter.Clone();
        if (stored.Id.Length == 0) stored.Id = "dl-" + Guid.CreateVersion7(Time.GetUtcNow()).ToString("N");
        stored.Ts ??= Timestamp.FromDateTimeOffset(Time.GetUtcNow());
        await RunAsync("add dead letter", true, async c =>
        {
            await using var cmd = Command(c, $"INSERT INTO {DeadLetters} (stream, id, ts_ms, provider, record) VALUES (@s, @id, @ts, @p, @r)",
                ("@s", StreamOf(tenant)), ("@id", stored.Id), ("@ts", stored.Ts.ToDateTimeOffset().ToUnixTimeMilliseconds()), ("@p", stored.Provider), ("@r", stored.ToByteArray()));
            return await cmd.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        return stored;
    }

    public async ValueTask<(IReadOnlyList<DeadLetter> Letters, string NextPageToken)> ListDeadLettersAsync(TenantContext tenant, string? providerType, int pageSize,
        string? pageToken, CancellationToken cancellationToken)
    {
        return await RunAsync("list dead letters", false, async c =>
        {
            // Ordered by id descending: ids are time-ordered (UUIDv7), so newest first, and an id is a stable page token.
            var where = "stream = @s" + (string.IsNullOrEmpty(providerType) ? "" : " AND provider = @p") + (string.IsNullOrEmpty(pageToken) ? "" : " AND id < @after");
            var parameters = new List<(string, object)> { ("@s", StreamOf(tenant)), ("@n", pageSize + 1) };
            if (!string.IsNullOrEmpty(providerType)) parameters.Add(("@p", providerType));
            if (!string.IsNullOrEmpty(pageToken)) parameters.Add(("@after", pageToken));
            await using var cmd = Command(c, $"SELECT record FROM {DeadLetters} WHERE {where} ORDER BY id DESC LIMIT @n", [.. parameters]);
            var letters = new List<DeadLetter>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) letters.Add(DeadLetter.Parser.ParseFrom(r.GetFieldValue<byte[]>(0)));
            var next = "";
            if (letters.Count > pageSize)
            {
                letters.RemoveAt(pageSize);
                next = letters[^1].Id;
            }
            return ((IReadOnlyList<DeadLetter>)letters, next);
        }, cancellationToken);
    }

    public async ValueTask<DeadLetter?> GetDeadLetterAsync(TenantContext tenant, string id, CancellationToken cancellationToken)
    {
        return await RunAsync("get dead letter", false, async c =>
        {
            await using var cmd = Command(c, $"SELECT record FROM {DeadLetters} WHERE stream = @s AND id = @id", ("@s", StreamOf(tenant)), ("@id", id));
            return await cmd.ExecuteScalarAsync(cancellationToken) is byte[] bytes ? DeadLetter.Parser.ParseFrom(bytes) : null;
        }, cancellationToken);
    }

    public async ValueTask UpdateDeadLetterAsync(TenantContext tenant, DeadLetter letter, CancellationToken cancellationToken)
    {
        await RunAsync("update dead letter", true, async c =>
        {
            await using var cmd = Command(c, $"UPDATE {DeadLetters} SET record = @r WHERE stream = @s AND id = @id",
                ("@s", StreamOf(tenant)), ("@id", letter.Id), ("@r", letter.ToByteArray()));
            return await cmd.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async ValueTask<int> DeleteDeadLettersAsync(TenantContext tenant, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        return await RunAsync("delete dead letters", true, async c =>
        {
            var deleted = 0;
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                await using var cmd = Command(c, $"DELETE FROM {DeadLetters} WHERE stream = @s AND id = @id", ("@s", StreamOf(tenant)), ("@id", id));
                deleted += await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            return deleted;
        }, cancellationToken);
    }

    public async ValueTask<(bool Claimed, SendResponse? Outcome)> ClaimJobAsync(TenantContext tenant, string jobId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Now;
        return await RunAsync("claim job", true, async c =>
        {
            // One statement: a new job, or the take-over of any expired record (a lease that ran out, an outcome past its TTL).
            await using var claim = Command(c,
                $"INSERT INTO {Jobs} (stream, job_id, state, outcome, expires_at) VALUES (@s, @j, 0, NULL, @exp) " +
                "ON CONFLICT (stream, job_id) DO UPDATE SET state = 0, outcome = NULL, expires_at = excluded.expires_at WHERE greentic_send_jobs.expires_at <= @now",
                ("@s", StreamOf(tenant)), ("@j", jobId), ("@exp", now + (long)lease.TotalMilliseconds), ("@now", now));
            if (await claim.ExecuteNonQueryAsync(cancellationToken) > 0) return (true, (SendResponse?)null);
            await using var read = Command(c, $"SELECT outcome FROM {Jobs} WHERE stream = @s AND job_id = @j", ("@s", StreamOf(tenant)), ("@j", jobId));
            return (false, await read.ExecuteScalarAsync(cancellationToken) is byte[] bytes ? SendResponse.Parser.ParseFrom(bytes) : null);
        }, cancellationToken);
    }

    public async ValueTask CompleteJobAsync(TenantContext tenant, string jobId, SendResponse outcome, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await RunAsync("complete job", true, async c =>
        {
            await using var cmd = Command(c,
                $"INSERT INTO {Jobs} (stream, job_id, state, outcome, expires_at) VALUES (@s, @j, 1, @o, @exp) " +
                "ON CONFLICT (stream, job_id) DO UPDATE SET state = 1, outcome = excluded.outcome, expires_at = excluded.expires_at",
                ("@s", StreamOf(tenant)), ("@j", jobId), ("@o", outcome.ToByteArray()), ("@exp", Now + (long)ttl.TotalMilliseconds));
            return await cmd.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public async ValueTask ReleaseJobAsync(TenantContext tenant, string jobId, CancellationToken cancellationToken)
    {
        await RunAsync("release job", true, async c =>
        {
            await using var cmd = Command(c, $"DELETE FROM {Jobs} WHERE stream = @s AND job_id = @j AND state = 0", ("@s", StreamOf(tenant)), ("@j", jobId));
            return await cmd.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private async Task<T> RunAsync<T>(string operation, bool write, Func<DbConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            using var gate = write ? await EnterWriteAsync(cancellationToken) : null;
            await using var connection = await OpenConnectionAsync(cancellationToken);
            if (!_initialized) await EnsureSchemaAsync(connection, cancellationToken);
            return await body(connection);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException)
        {
            MessagingLog.StoreFailed(Logger, operation, Description, ex);
            throw new MessagingStoreException($"messaging store {Description}: {operation} failed: {ex.Message}", ex);
        }
    }

    private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _initGate.WaitAsync(cancellationToken);
        try
        {
            if (_initialized) return;
            await CreateSchemaAsync(connection, cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initGate.Release();
        }
    }

    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
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

/// <summary>A back-end failure of the messaging store; the message is safe to return to a caller.</summary>
public sealed class MessagingStoreException(string message, Exception? inner = null) : Exception(message, inner);
