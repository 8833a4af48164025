using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Stores;
using Microsoft.Data.Sqlite;

namespace Greentic.ControlPlane.Tests.Stores;

public sealed class SqliteStateStoreTests : StateStoreContract
{
    private readonly TempDirectory _dir = new();

    private string DbPath => _dir.File("nested/dir/state.db");

    protected override SqlStateStore CreateStore(StateStoreOptions options)
    {
        options.SqlitePath = DbPath;
        return new SqliteStateStore(options, Time);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task Connections_use_wal_and_full_sync_so_acknowledged_writes_are_durable()
    {
        await Store.InitializeAsync(None);
        await using var connection = await Store.OpenConnectionAsync(None);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await cmd.ExecuteScalarAsync());
        cmd.CommandText = "PRAGMA synchronous";
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!); // 2 = FULL
        cmd.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(5000L, (long)(await cmd.ExecuteScalarAsync())!);
        Assert.True(File.Exists(DbPath));
    }

    [Fact]
    public async Task The_database_file_is_created_owner_only_and_waits_the_configured_busy_timeout()
    {
        var store = Track(CreateStore(new StateStoreOptions { SqliteBusyTimeout = TimeSpan.FromSeconds(2) }));
        await store.InitializeAsync(None);
        await using var connection = await store.OpenConnectionAsync(None);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(2000L, (long)(await cmd.ExecuteScalarAsync())!);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
    }

    [Fact]
    public async Task Corrupt_database_file_is_a_clear_store_error()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DbPath)!);
        File.WriteAllText(DbPath, new string('x', 8192));
        var ex = await Assert.ThrowsAsync<StateStoreException>(() => Store.ReadAsync(Key("k"), None).AsTask());
        Assert.Contains(DbPath, ex.Message);
    }

    [Fact]
    public void Scoped_names_follow_upstream()
    {
        Assert.Equal("greentic:state:dev.acme:flow:k", Key("k").ToScopedName());
        Assert.Equal("greentic:state:dev.acme.support:flow:k", Key("k", new TenantContext("dev", "acme", "support")).ToScopedName());
        Assert.Equal("greentic:state:dev.acme.support.alice:p:a:b",
            new StateKey(new TenantContext("dev", "acme", "support", "alice"), "p", "a:b").ToScopedName());
        Assert.Equal("greentic:state:dev.acme._.a%2Eb@x%2Eio:p:k", new StateKey(new TenantContext("dev", "acme", null, "a.b@x.io"), "p", "k").ToScopedName());
        Assert.Equal("dev.acme._.%C3%A9%F0%9F%8E%89", StateKey.ScopeNameOf(new TenantContext("dev", "acme", null, "é🎉")));
        Assert.Throws<ArgumentException>(() => new StateKey(Acme, "a:b", "k"));
        Assert.Throws<ArgumentException>(() => new StateKey(Acme, "p", ""));
        Assert.Throws<ArgumentException>(() => new StateKey(Acme, "p", "bad\0key"));
    }
}

public sealed class PostgresStateStoreTests(PostgresServerFixture server) : StateStoreContract, IClassFixture<PostgresServerFixture>
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];

    protected override SqlStateStore CreateStore(StateStoreOptions options)
    {
        options.Backend = StateBackend.Postgres;
        options.PostgresConnectionString = server.ConnectionString;
        options.PostgresSchema = _schema;
        return new PostgresStateStore(options, Time);
    }

    [Fact]
    public async Task Tables_live_in_the_configured_schema()
    {
        await Store.InitializeAsync(None);
        await using var connection = await Store.OpenConnectionAsync(None);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema}'";
        Assert.Equal(2L, (long)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Replicas_initialising_together_do_not_race()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Track(CreateStore(new StateStoreOptions()))).ToList();
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(None).AsTask())));
        await stores[0].WriteAsync(Key("k"), new byte[] { 7 }, None);
        Assert.Equal([7], await stores[3].ReadAsync(Key("k"), None));
    }

    [Fact]
    public async Task Unreachable_server_is_a_clear_store_error_without_the_password()
    {
        var options = new StateStoreOptions
        {
            PostgresConnectionString = "Host=127.0.0.1;Port=1;Username=u;Password=hunter2-secret;Database=d;Timeout=2",
        };
        await using var store = new PostgresStateStore(options, Time);
        var ex = await Assert.ThrowsAsync<StateStoreException>(() => store.ReadAsync(Key("k"), None).AsTask());
        Assert.Contains("postgres:127.0.0.1:1/d", ex.Message);
        Assert.DoesNotContain("hunter2", ex.Message);
    }
}
