using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// The event log in an embedded SQLite file (its own file, so event appends do not queue behind state writes):
/// WAL, <c>synchronous=FULL</c> (an acknowledged Publish survives a crash), busy_timeout for other processes, and
/// this process's writers queued on an async gate.
/// </summary>
public sealed class SqliteEventLog : SqlEventLog
{
    private static readonly Lazy<bool> Native = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writers = new(1, 1);
    private readonly SqliteAppendBatcher _batcher;

    public SqliteEventLog(string path, TimeProvider? time = null, ILogger<SqliteEventLog>? logger = null)
        : base(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        _ = Native.Value;
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
        _batcher = new SqliteAppendBatcher(
            body => RunAsync("append", write: true, body, CancellationToken.None),
            (connection, tx, stream, events) => AppendInTransactionAsync(connection, tx, stream, events, CancellationToken.None));
    }

    /// <summary>Concurrent appends share one transaction and one fsync (<see cref="SqliteAppendBatcher"/>).</summary>
    protected override Task<IReadOnlyList<AppendResult>> AppendCoreAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken) =>
        _batcher.AppendAsync(stream, events, cancellationToken);

    public override string Description => $"sqlite:{_path}";
    protected override string Heads => "greentic_event_heads";
    protected override string Events => "greentic_events";
    protected override string Subscribers => "greentic_event_subscribers";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = Command(connection, null, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS greentic_event_heads (
                stream TEXT NOT NULL PRIMARY KEY,
                head INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS greentic_events (
                stream TEXT NOT NULL,
                seq INTEGER NOT NULL,
                id TEXT NOT NULL,
                team TEXT NOT NULL,
                topic TEXT NOT NULL,
                type TEXT NOT NULL,
                source TEXT NOT NULL,
                subject TEXT,
                time_ms INTEGER NOT NULL,
                correlation_id TEXT,
                payload BLOB NOT NULL,
                metadata TEXT NOT NULL,
                appended_at INTEGER NOT NULL,
                PRIMARY KEY (stream, seq)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX IF NOT EXISTS greentic_events_id ON greentic_events (stream, id);
            CREATE INDEX IF NOT EXISTS greentic_events_appended ON greentic_events (appended_at);
            CREATE TABLE IF NOT EXISTS greentic_event_subscribers (
                stream TEXT NOT NULL,
                subscriber TEXT NOT NULL,
                acked INTEGER NOT NULL,
                delivered INTEGER NOT NULL,
                redeliveries INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (stream, subscriber)
            ) WITHOUT ROWID;
            """);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_writers);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
