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

    public ValueTask<DedupeClaimResult> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken) =>
        RunAsync((key, lease), static async (connection, state, store, cancellationToken) =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var now = store.Now();
                var claim = connection.Command($"""
                    INSERT INTO {Table} (key, state, expires_at, status, content_type, body)
                    VALUES (@key, {InFlight}, @expires, NULL, NULL, NULL)
                    ON CONFLICT (key) DO UPDATE SET state = {InFlight}, expires_at = excluded.expires_at, status = NULL, content_type = NULL, body = NULL
                    WHERE {Table}.expires_at <= @now
                    RETURNING state
                    """, ("key", state.key), ("expires", now + (long)state.lease.TotalMilliseconds), ("now", now));
                if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                    return new DedupeClaimResult(DedupeOutcome.Claimed, null);
                var read = connection.Command($"SELECT state, status, content_type, body FROM {Table} WHERE key = @key", ("key", state.key));
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
        }, cancellationToken);

    public async ValueTask CompleteAsync(string key, DedupeResponse? response, TimeSpan ttl, CancellationToken cancellationToken) =>
        await RunAsync((key, response, ttl), static async (connection, state, store, cancellationToken) =>
        {
            var command = connection.Command(
                $"UPDATE {Table} SET state = {Done}, expires_at = @expires, status = @status, content_type = @type, body = @body WHERE key = @key",
                ("key", state.key), ("expires", store.Now() + (long)state.ttl.TotalMilliseconds), ("status", state.response?.Status),
                ("type", state.response?.ContentType), ("body", state.response?.Body));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await RunAsync(key, static async (connection, key, _, cancellationToken) =>
        {
            var command = connection.Command($"DELETE FROM {Table} WHERE key = @key AND state = {InFlight}", ("key", key));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        RunAsync(0, static async (connection, _, store, cancellationToken) =>
        {
            var command = connection.Command($"DELETE FROM {Table} WHERE expires_at <= @now", ("now", store.Now()));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        using var writer = await EnterWriteAsync(CancellationToken.None).ConfigureAwait(false);
        await CloseKeptAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Entered around every operation. SQLite queues this process's writers here: it allows one writer at a time, and
    /// concurrent writers left to its busy handler sleep in growing steps (tens of milliseconds) instead of taking turns.
    /// </summary>
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// True when operations run one at a time (<see cref="EnterWriteAsync"/> is a gate): then one connection is kept open
    /// for all of them with its statements prepared, instead of opening (and configuring) a connection and parsing the
    /// statement for every operation. A failed operation closes it; the next one opens a new one.
    /// </summary>
    protected virtual bool KeepsConnection => false;

    private DbConnection? _kept;
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async ValueTask<T> RunAsync<TState, T>(TState state, Func<Connection, TState, SqlDedupeStore, CancellationToken, ValueTask<T>> operation,
        CancellationToken cancellationToken)
    {
        if (KeepsConnection) return await GroupCommitAsync(state, operation, cancellationToken).ConfigureAwait(false);
        using var writer = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = new Connection(this, await ConnectAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            var result = await operation(connection, state, this, cancellationToken).ConfigureAwait(false);
            await connection.EndAsync(failed: false).ConfigureAwait(false);
            return result;
        }
        catch
        {
            await connection.EndAsync(failed: true).ConfigureAwait(false);
            throw;
        }
    }

    // Group commit on the kept connection: operations that arrive while a batch runs wait and go together in the next
    // one, in one transaction (one WAL append and one lock round instead of one per operation), in arrival order.
    private readonly Lock _queueLock = new();
    private List<Pending> _queue = [];
    private bool _draining;

    private Task<T> GroupCommitAsync<TState, T>(TState state, Func<Connection, TState, SqlDedupeStore, CancellationToken, ValueTask<T>> operation,
        CancellationToken cancellationToken)
    {
        var pending = new Pending<TState, T>(state, operation, cancellationToken);
        bool start;
        lock (_queueLock)
        {
            _queue.Add(pending);
            start = !_draining;
            _draining = true;
        }
        if (start) _ = Task.Run(DrainAsync, CancellationToken.None);
        return pending.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Pending> batch;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _queue;
                _queue = [];
            }
            using var writer = await EnterWriteAsync(CancellationToken.None).ConfigureAwait(false);
            // A caller that gave up while queued is answered at once and kept out of the shared transaction.
            batch.RemoveAll(pending => pending.CancelIfRequested());
            if (batch.Count == 0) continue;
            if (batch.Count == 1 || !await RunTogetherAsync(batch).ConfigureAwait(false))
            {
                // Alone, or the shared transaction failed (and was rolled back): each on its own, failing on its own.
                foreach (var pending in batch) await RunAloneAsync(pending).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask<bool> RunTogetherAsync(List<Pending> batch)
    {
        Connection? connection = null;
        try
        {
            connection = new Connection(this, await ConnectAsync(CancellationToken.None).ConfigureAwait(false));
            await connection.Command("BEGIN IMMEDIATE").ExecuteNonQueryAsync().ConfigureAwait(false);
            foreach (var pending in batch) await pending.ExecuteAsync(connection, this).ConfigureAwait(false);
            await connection.Command("COMMIT").ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch
        {
            if (connection is not null)
            {
                try
                {
                    await connection.Command("ROLLBACK").ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // No transaction left to roll back (BEGIN failed), or the connection is broken: closing it ends both.
                }
                await connection.EndAsync(failed: true).ConfigureAwait(false);
            }
            return false;
        }
        foreach (var pending in batch) pending.Succeed();
        return true;
    }

    private async ValueTask RunAloneAsync(Pending pending)
    {
        try
        {
            var connection = new Connection(this, await ConnectAsync(pending.CancellationToken).ConfigureAwait(false));
            try
            {
                await pending.ExecuteAsync(connection, this).ConfigureAwait(false);
            }
            catch
            {
                await connection.EndAsync(failed: true).ConfigureAwait(false);
                throw;
            }
            pending.Succeed();
        }
        catch (Exception ex)
        {
            pending.Fail(ex);
        }
    }

    private abstract class Pending
    {
        public abstract CancellationToken CancellationToken { get; }
        public abstract bool CancelIfRequested();
        public abstract ValueTask ExecuteAsync(Connection connection, SqlDedupeStore store);
        public abstract void Succeed();
        public abstract void Fail(Exception exception);
    }

    private sealed class Pending<TState, T>(TState state, Func<Connection, TState, SqlDedupeStore, CancellationToken, ValueTask<T>> operation,
        CancellationToken cancellationToken) : Pending
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override CancellationToken CancellationToken => cancellationToken;

        public override bool CancelIfRequested() => cancellationToken.IsCancellationRequested && _completion.TrySetCanceled(cancellationToken);

        public override async ValueTask ExecuteAsync(Connection connection, SqlDedupeStore store)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _result = await operation(connection, state, store, cancellationToken).ConfigureAwait(false);
        }

        public override void Succeed() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested) _completion.TrySetCanceled(cancellationToken);
            else _completion.TrySetException(exception);
        }
    }

    private async ValueTask<DbConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (KeepsConnection && _kept is { } kept) return kept;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!_schemaReady)
        {
            await _schemaGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_schemaReady)
                {
                    await CreateSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                    _schemaReady = true;
                }
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
        if (KeepsConnection) _kept = connection;
        return connection;
    }

    private async ValueTask CloseKeptAsync()
    {
        foreach (var command in _prepared.Values) await command.DisposeAsync().ConfigureAwait(false);
        _prepared.Clear();
        if (_kept is { } kept)
        {
            _kept = null;
            await kept.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One operation's connection and the commands it ran: its own (disposed after it), or the kept ones (reused).</summary>
    private sealed class Connection(SqlDedupeStore store, DbConnection connection)
    {
        private List<DbCommand>? _owned;

        public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
        {
            if (!store.KeepsConnection)
            {
                var own = SqlDedupeStore.Command(connection, sql, parameters);
                (_owned ??= []).Add(own);
                return own;
            }
            if (store._prepared.TryGetValue(sql, out var kept))
            {
                foreach (var (name, value) in parameters) kept.Parameters[name].Value = value ?? DBNull.Value;
                return kept;
            }
            kept = SqlDedupeStore.Command(connection, sql, parameters);
            kept.Prepare();
            store._prepared[sql] = kept;
            return kept;
        }

        public async ValueTask EndAsync(bool failed)
        {
            if (_owned is not null)
                foreach (var command in _owned) await command.DisposeAsync().ConfigureAwait(false);
            if (!store.KeepsConnection) await connection.DisposeAsync().ConfigureAwait(false);
            else if (failed) await store.CloseKeptAsync().ConfigureAwait(false);
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
