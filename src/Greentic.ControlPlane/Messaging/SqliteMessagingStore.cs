using System.Data.Common;
using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Messaging;

/// <summary>The messaging store in an embedded SQLite file (<see cref="SqliteStoreFile"/>: WAL, <c>synchronous=FULL</c>, writers queued in-process).</summary>
public sealed class SqliteMessagingStore(string path, TimeProvider? time = null, ILogger<SqliteMessagingStore>? logger = null)
    : SqlMessagingStore(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
{
    private readonly SqliteStoreFile _file = new(path);

    public override string Description => $"sqlite:{_file.Path}";
    protected override string DeadLetters => "greentic_dead_letters";
    protected override string Jobs => "greentic_send_jobs";

    protected internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);

    protected override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => _file.EnterWriteAsync(cancellationToken);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, null, SqliteStoreFile.Wal + """
            CREATE TABLE IF NOT EXISTS greentic_dead_letters (
                stream TEXT NOT NULL, id TEXT NOT NULL, ts_ms INTEGER NOT NULL, provider TEXT NOT NULL, record BLOB NOT NULL,
                PRIMARY KEY (stream, id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS greentic_send_jobs (
                stream TEXT NOT NULL, job_id TEXT NOT NULL, state INTEGER NOT NULL, outcome BLOB, expires_at INTEGER NOT NULL,
                PRIMARY KEY (stream, job_id)
            ) WITHOUT ROWID;
            """);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        _file.Dispose();
        await base.DisposeAsync();
    }
}
