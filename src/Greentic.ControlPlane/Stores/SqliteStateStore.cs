using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// State in an embedded SQLite file — the out-of-the-box store for one replica.
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
    private static readonly Lazy<bool> Native = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _writers = new(1, 1);

    public SqliteStateStore(StateStoreOptions options, TimeProvider? time = null, ILogger<SqliteStateStore>? logger = null)
        : base(options, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        _ = Native.Value;
        _path = Path.GetFullPath(options.SqlitePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)options.SqliteBusyTimeout.TotalSeconds),
        }.ToString();
    }

    public override string Description => $"sqlite:{_path}";

    /// <summary>
    /// Creates the database file empty with mode 0600 before SQLite does (SQLite would follow the umask, typically 0644);
    /// SQLite gives its -wal and -shm files the database file's mode.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created by another connection in between.
        }
    }

    protected override string StateTable => "greentic_state";
    protected override string DedupeTable => "greentic_dedupe";

    protected internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        CreateOwnerOnly(_path);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = Command(connection,
                $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)Options.SqliteBusyTimeout.TotalMilliseconds};");
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
        await using var cmd = Command(connection, """
            PRAGMA journal_mode = WAL;
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
        // Release pooled handles on this file so it can be moved or deleted after disposal.
        SqliteConnection.ClearAllPools();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
