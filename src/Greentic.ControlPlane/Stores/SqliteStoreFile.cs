using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// One embedded SQLite file as the stores built on <see cref="SqlStoreBase"/> use it (state, events, messaging): connections with
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
    private readonly long _busyTimeoutMs;
    private readonly bool _ownerOnly;
    private readonly SemaphoreSlim _writers = new(1, 1);

    /// <param name="busyTimeout">How long a writer waits for another process's lock; 5 s when null.</param>
    /// <param name="ownerOnly">Create the file with mode 0600 before SQLite does (SQLite would follow the umask).</param>
    public SqliteStoreFile(string path, TimeSpan? busyTimeout = null, bool ownerOnly = false)
    {
        _ = Native.Value;
        Path = System.IO.Path.GetFullPath(path);
        var busy = busyTimeout ?? TimeSpan.FromSeconds(5);
        _busyTimeoutMs = (long)busy.TotalMilliseconds;
        _ownerOnly = ownerOnly;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Cache = SqliteCacheMode.Private, Pooling = true,
            DefaultTimeout = Math.Max(1, (int)busy.TotalSeconds),
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
        if (_ownerOnly) CreateOwnerOnly(Path);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {_busyTimeoutMs};";
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

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
