using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// One embedded SQLite file as the stores built on <see cref="SqlStoreBase"/> use it: connections with
/// <c>synchronous=FULL</c> (an acknowledged write survives a crash) and a busy timeout for other processes, and an
/// in-process writer queue (SQLite allows one writer; waiting in a queue is fair, spinning on busy_timeout is not).
/// WAL is switched on with the schema (<see cref="Wal"/>).
/// </summary>
public sealed class SqliteStoreFile : IDisposable
{
    public const string Wal = "PRAGMA journal_mode = WAL;";

    private static readonly Lazy<bool> Native = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writers = new(1, 1);

    public SqliteStoreFile(string path)
    {
        _ = Native.Value;
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Cache = SqliteCacheMode.Private, Pooling = true, DefaultTimeout = 5,
        }.ToString();
    }

    public string Path { get; }

    /// <summary><paramref name="configured"/>, else <paramref name="fileName"/> beside the state database (<c>Greentic:Stores:SqlitePath</c>).</summary>
    public static string PathBesideState(StateStoreOptions stores, string? configured, string fileName) =>
        configured is { Length: > 0 } path
            ? path
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(stores.SqlitePath)) ?? ".", fileName);

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_writers);
    }

    /// <summary>Releases pooled handles on this file, so it can be moved or deleted.</summary>
    public void Dispose() => SqliteConnection.ClearAllPools();

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
