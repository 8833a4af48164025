using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// The plumbing the SQL stores built on it share (the state store, the event log, the messaging store): a connection per operation,
/// the schema created once on first use, writers entered through <see cref="EnterWriteAsync"/>, back-end failures turned
/// into the store's own exception with a message safe for callers, and <c>@name</c> parameters.
/// </summary>
public abstract class SqlStoreBase : IAsyncDisposable
{
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    protected SqlStoreBase(TimeProvider time, ILogger logger)
    {
        Time = time;
        Logger = logger;
    }

    protected TimeProvider Time { get; }
    protected ILogger Logger { get; }

    /// <summary>Names the back end in messages (a path or host/database; never a password).</summary>
    public abstract string Description { get; }

    /// <summary>Opens a connection ready for use (per-connection settings applied); internal for the tables that ride on a store's database (timer ticks).</summary>
    protected internal abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates the tables if missing; called once, on first use.</summary>
    protected abstract ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Entered around every write; SQLite queues this process's writers. Null: no gate.</summary>
    protected virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>The store's exception for a failed operation (already logged by the caller of this hook's result).</summary>
    protected abstract Exception Failure(string operation, Exception inner);

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
            StoreLog.OperationFailed(Logger, operation, Description, ex);
            throw Failure(operation, ex);
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
            StoreLog.Initialized(Logger, Description);
        }
        finally
        {
            _initGate.Release();
        }
    }

    /// <summary>A command on <paramref name="connection"/> outside any transaction, with <c>@name</c> parameters.</summary>
    protected internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters) =>
        Command(connection, null, sql, parameters);

    /// <summary>A command on <paramref name="connection"/> in <paramref name="tx"/> (none when null), with <c>@name</c> parameters.</summary>
    protected internal static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object Value)[] parameters)
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
