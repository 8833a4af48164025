using System.Data.Common;
using Greentic.ControlPlane.Stores;
using static Greentic.ControlPlane.Stores.SqlStoreBase;

namespace Greentic.ControlPlane.Timers;

/// <summary>What a claim attempt found.</summary>
public enum TickClaim
{
    /// <summary>This replica holds the tick now: fire it, then <see cref="TickLeases.CompleteAsync"/>.</summary>
    Claimed,
    /// <summary>Another replica holds a live lease on it: look again after the lease.</summary>
    Held,
    /// <summary>It was fired already.</summary>
    Fired,
}

/// <summary>
/// The exactly-once guard for timer ticks, in the state store's database (PostgreSQL when replicas share it, SQLite
/// for one replica): one row per <c>{schedule_id}@{tick}</c>. A claim is one atomic upsert that succeeds only for a
/// tick nobody fired and nobody holds a live lease on; the winner fires and marks the row fired (counting firings, so
/// a second firing would be visible). A replica that dies holding a claim leaves a lease that expires, and another
/// replica claims the tick then. Times come from the caller's clock, never the database's, so replicas and tests
/// agree on what "expired" means.
/// </summary>
public sealed class TickLeases
{
    private readonly SqlStateStore _store;
    private readonly string _table;
    private readonly bool _postgres;
    private readonly string _schema;
    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _ready;

    public TickLeases(SqlStateStore store, StateStoreOptions options)
    {
        _store = store;
        _postgres = store is PostgresStateStore;
        _schema = options.PostgresSchema;
        _table = _postgres ? $"\"{options.PostgresSchema}\".greentic_timer_ticks" : "greentic_timer_ticks";
    }

    public async Task<TickClaim> TryClaimAsync(string schedule, DateTimeOffset tick, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using (var claim = Command(connection,
            $"INSERT INTO {_table} (schedule, tick_ms, owner, lease_until_ms, fired_at_ms, fire_count) VALUES (@s, @t, @o, @lease, NULL, 0) " +
            "ON CONFLICT (schedule, tick_ms) DO UPDATE SET owner = excluded.owner, lease_until_ms = excluded.lease_until_ms " +
            $"WHERE {Column("fired_at_ms")} IS NULL AND {Column("lease_until_ms")} < @now RETURNING owner",
            ("@s", schedule), ("@t", tick.ToUnixTimeMilliseconds()), ("@o", owner), ("@lease", (now + lease).ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds())))
        {
            if (await claim.ExecuteScalarAsync(ct) is string winner && winner == owner) return TickClaim.Claimed;
        }
        await using var look = Command(connection, $"SELECT fired_at_ms FROM {_table} WHERE schedule = @s AND tick_ms = @t",
            ("@s", schedule), ("@t", tick.ToUnixTimeMilliseconds()));
        return await look.ExecuteScalarAsync(ct) is null or DBNull ? TickClaim.Held : TickClaim.Fired;
    }

    /// <summary>Marks a claimed tick fired. False when the claim was lost meanwhile (the lease ran out and another replica took it).</summary>
    public async Task<bool> CompleteAsync(string schedule, DateTimeOffset tick, string owner, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection,
            $"UPDATE {_table} SET fired_at_ms = @now, fire_count = fire_count + 1 WHERE schedule = @s AND tick_ms = @t AND owner = @o AND fired_at_ms IS NULL",
            ("@s", schedule), ("@t", tick.ToUnixTimeMilliseconds()), ("@o", owner), ("@now", now.ToUnixTimeMilliseconds()));
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Gives a claimed tick back at once (the firing failed), so the next pass of any replica retries it.</summary>
    public async Task ReleaseAsync(string schedule, DateTimeOffset tick, string owner, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection,
            $"UPDATE {_table} SET lease_until_ms = 0 WHERE schedule = @s AND tick_ms = @t AND owner = @o AND fired_at_ms IS NULL",
            ("@s", schedule), ("@t", tick.ToUnixTimeMilliseconds()), ("@o", owner));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every recorded tick of <paramref name="schedule"/> (oldest first), for status and tests.</summary>
    public async Task<IReadOnlyList<TickRecord>> ListAsync(string schedule, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, $"SELECT tick_ms, owner, fired_at_ms, fire_count FROM {_table} WHERE schedule = @s ORDER BY tick_ms", ("@s", schedule));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var records = new List<TickRecord>();
        while (await reader.ReadAsync(ct))
        {
            records.Add(new TickRecord(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetInt32(3)));
        }
        return records;
    }

    /// <summary>The newest tick any replica claimed for <paramref name="schedule"/>, or null for a schedule never seen.</summary>
    public async Task<DateTimeOffset?> LastTickAsync(string schedule, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, $"SELECT MAX(tick_ms) FROM {_table} WHERE schedule = @s", ("@s", schedule));
        return await cmd.ExecuteScalarAsync(ct) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Deletes records of ticks before <paramref name="before"/>.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, $"DELETE FROM {_table} WHERE tick_ms < @b", ("@b", before.ToUnixTimeMilliseconds()));
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    // In an upsert's WHERE the existing row is named by its table: schema-qualified on PostgreSQL is not allowed there.
    private string Column(string name) => $"greentic_timer_ticks.{name}";

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await _store.OpenConnectionAsync(ct);
        if (_ready) return connection;
        await _initGate.WaitAsync(ct);
        try
        {
            if (!_ready)
            {
                var ddl = $"CREATE TABLE IF NOT EXISTS {_table} (schedule TEXT NOT NULL, tick_ms BIGINT NOT NULL, owner TEXT NOT NULL, " +
                          "lease_until_ms BIGINT NOT NULL, fired_at_ms BIGINT, fire_count INTEGER NOT NULL, PRIMARY KEY (schedule, tick_ms))";
                // Replicas starting together must not race on DDL (PostgreSQL's IF NOT EXISTS is not atomic against that).
                if (_postgres) ddl = $"SELECT pg_advisory_xact_lock(7130461000124); CREATE SCHEMA IF NOT EXISTS \"{_schema}\"; " + ddl;
                await using var tx = await connection.BeginTransactionAsync(ct);
                await using var cmd = Command(connection, tx, ddl);
                await cmd.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
                _ready = true;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        finally
        {
            _initGate.Release();
        }
        return connection;
    }
}

/// <summary>One tick as the guard table holds it.</summary>
public sealed record TickRecord(DateTimeOffset Tick, string Owner, DateTimeOffset? FiredAt, int FireCount);
