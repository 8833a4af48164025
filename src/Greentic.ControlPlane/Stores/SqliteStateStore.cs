using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// State in an embedded SQLite file (<see cref="SqliteStoreFile"/>, created owner-only) — the out-of-the-box store for one replica.
/// <list type="bullet">
/// <item><c>journal_mode=WAL</c>: readers do not block the writer.</item>
/// <item><c>synchronous=FULL</c> on every connection: each commit syncs the WAL before returning, so an
/// acknowledged write survives <c>kill -9</c> and power loss alike.</item>
/// <item><c>busy_timeout</c>: a writer waits for another process's lock instead of failing at once; writers
/// within this process queue on an async gate first.</item>
/// </list>
/// Microsoft.Data.Sqlite runs "async" calls synchronously; calls are short and local.
/// </summary>
public sealed class SqliteStateStore : SqlStateStore
{
    private readonly SqliteStoreFile _file;

    public SqliteStateStore(StateStoreOptions options, TimeProvider? time = null, ILogger<SqliteStateStore>? logger = null)
        : base(options, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        _file = new SqliteStoreFile(options.SqlitePath, options.SqliteBusyTimeout, ownerOnly: true);
    }

    public override string Description => $"sqlite:{_file.Path}";

    protected override string StateTable => "greentic_state";
    protected override string DedupeTable => "greentic_dedupe";

    protected internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _file.OpenAsync(cancellationToken);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, SqliteStoreFile.Wal + """
            CREATE TABLE IF NOT EXISTS greentic_state (
                scope TEXT NOT NULL,
                prefix TEXT NOT NULL,
                key TEXT NOT NULL,
                value BLOB NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (scope, prefix, key)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS greentic_dedupe (
                scope TEXT NOT NULL,
                namespace TEXT NOT NULL,
                id TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                value BLOB,
                PRIMARY KEY (scope, namespace, id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS greentic_dedupe_expiry ON greentic_dedupe (expires_at);
            """);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => _file.EnterWriteAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        // Release pooled handles on this file so it can be moved or deleted after disposal.
        _file.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
