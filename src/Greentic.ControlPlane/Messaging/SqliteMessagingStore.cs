using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Messaging;

/// <summary>The messaging store in an embedded SQLite file (WAL, <c>synchronous=FULL</c>, writers queued in-process).</summary>
public sealed class SqliteMessagingStore : SqlMessagingStore
{
    private static readonly Lazy<bool> Native = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writers = new(1, 1);

    public SqliteMessagingStore(string path, TimeProvider? time = null, ILogger<SqliteMessagingStore>? logger = null)
        : base(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        _ = Native.Value;
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 5 }.ToString();
    }

    public override string Description => $"sqlite:{_path}";
    protected override string DeadLetters => "greentic_dead_letters";
    protected override string Jobs => "greentic_send_jobs";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(_path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = Command(connection, "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, """
            PRAGMA journal_mode = WAL;
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

    protected override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken);
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
        SqliteConnection.ClearAllPools();
        await base.DisposeAsync();
    }
}
