using System.Data.Common;
using Greentic.ControlPlane.Stores;
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
    private readonly SqliteStoreFile _file;
    private readonly SqliteAppendBatcher _batcher;

    public SqliteEventLog(string path, TimeProvider? time = null, ILogger<SqliteEventLog>? logger = null)
        : base(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        _file = new SqliteStoreFile(path);
        _batcher = new SqliteAppendBatcher(
            body => RunAsync("append", write: true, body, CancellationToken.None),
            (connection, tx, stream, events) => AppendInTransactionAsync(connection, tx, stream, events, CancellationToken.None));
    }

    public override string Description => $"sqlite:{_file.Path}";
    protected override string Heads => "greentic_event_heads";
    protected override string Events => "greentic_events";
    protected override string Subscribers => "greentic_event_subscribers";

    /// <summary>Concurrent appends share one transaction and one fsync (<see cref="SqliteAppendBatcher"/>).</summary>
    protected override Task<IReadOnlyList<AppendResult>> AppendCoreAsync(EventStreamId stream, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken) =>
        _batcher.AppendAsync(stream, events, cancellationToken);

    protected internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);

    protected override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => _file.EnterWriteAsync(cancellationToken);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, null, SqliteStoreFile.Wal + """
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

    public override async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        _file.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
