using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Greentic.Gateway.Dedupe;

/// <summary>
/// The default dedupe store: one SQLite file that every gateway process on the host opens (WAL mode, so
/// readers never block the writer; <c>busy_timeout</c>, so concurrent claims from several processes wait
/// for each other instead of failing).
/// </summary>
internal sealed class SqliteDedupeStore : SqlDedupeStore
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writers = new(1, 1);

    public SqliteDedupeStore(string path, TimeProvider time) : base(time)
    {
        _path = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The store keeps its one connection open (KeepsConnection); a closed one must really close, rolling back
            // anything left open, not wait in a pool.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Description => $"sqlite:{_path}";

    /// <summary>Every operation runs inside <see cref="EnterWriteAsync"/>, one at a time: one connection serves them all.</summary>
    protected override bool KeepsConnection => true;

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = Command(connection, "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;");
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_writers);
    }

    private sealed class Releaser(SemaphoreSlim writers) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) writers.Release();
        }
    }

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS {Table} (
                key TEXT NOT NULL PRIMARY KEY,
                state INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                status INTEGER NULL,
                content_type TEXT NULL,
                body BLOB NULL);
            CREATE INDEX IF NOT EXISTS {Table}_expires ON {Table} (expires_at);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
