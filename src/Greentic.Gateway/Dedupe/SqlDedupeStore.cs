using System.Data.Common;

namespace Greentic.Gateway.Dedupe;

/// <summary>
/// The dedupe table, the same statements on SQLite and PostgreSQL. "First one wins" is a single upsert:
/// <c>INSERT … ON CONFLICT (key) DO UPDATE … WHERE expires_at &lt;= now RETURNING</c> inserts a new key or takes
/// over an expired one, and returns no row when a live entry exists — atomic in both engines, whichever
/// replica runs it.
/// </summary>
internal abstract class SqlDedupeStore(TimeProvider time) : IDedupeStore, IAsyncDisposable
{
    protected const string Table = "greentic_gateway_dedupe";
    private const int InFlight = 0;
    private const int Done = 1;

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public abstract string Description { get; }

    protected abstract ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken);

    protected abstract ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    public async ValueTask<DedupeClaimResult> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        using var writer = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = Now();
            await using (var claim = Command(connection, $"""
                INSERT INTO {Table} (key, state, expires_at, status, content_type, body)
                VALUES (@key, {InFlight}, @expires, NULL, NULL, NULL)
                ON CONFLICT (key) DO UPDATE SET state = {InFlight}, expires_at = excluded.expires_at, status = NULL, content_type = NULL, body = NULL
                WHERE {Table}.expires_at <= @now
                RETURNING state
                """, ("key", key), ("expires", now + (long)lease.TotalMilliseconds), ("now", now)))
            {
                if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                    return new DedupeClaimResult(DedupeOutcome.Claimed, null);
            }
            await using var read = Command(connection, $"SELECT state, status, content_type, body FROM {Table} WHERE key = @key", ("key", key));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) continue; // purged in between: claim again
            if (Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) != Done)
                return new DedupeClaimResult(DedupeOutcome.InFlight, null);
            var response = reader.IsDBNull(1) ? null : new DedupeResponse(
                Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? [] : (byte[])reader.GetValue(3));
            return new DedupeClaimResult(DedupeOutcome.Done, response);
        }
        return new DedupeClaimResult(DedupeOutcome.InFlight, null);
    }

    public async ValueTask CompleteAsync(string key, DedupeResponse? response, TimeSpan ttl, CancellationToken cancellationToken)
    {
        using var writer = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            $"UPDATE {Table} SET state = {Done}, expires_at = @expires, status = @status, content_type = @type, body = @body WHERE key = @key",
            ("key", key), ("expires", Now() + (long)ttl.TotalMilliseconds), ("status", response?.Status),
            ("type", response?.ContentType), ("body", response?.Body));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        using var writer = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"DELETE FROM {Table} WHERE key = @key AND state = {InFlight}", ("key", key));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        using var writer = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"DELETE FROM {Table} WHERE expires_at <= @now", ("now", Now()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Entered around every write. SQLite queues this process's writers here: it allows one writer at a time, and
    /// concurrent writers left to its busy handler sleep in growing steps (tens of milliseconds) instead of taking turns.
    /// </summary>
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async ValueTask<DbConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_schemaReady) return connection;
        await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_schemaReady)
            {
                await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                _schemaReady = true;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    protected static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
