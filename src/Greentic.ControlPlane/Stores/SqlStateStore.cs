using Greentic.ControlPlane.Tenancy;
using System.Data.Common;
using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL stores: both speak <c>INSERT … ON CONFLICT … DO UPDATE</c>,
/// <c>substr</c> and <c>@name</c> parameters, so only connection handling and DDL differ.
/// <para>Tables: <c>greentic_state(scope, prefix, key, value, updated_at)</c> keyed by (scope, prefix, key),
/// where scope is <see cref="StateKey.ScopeNameOf"/>; and <c>greentic_dedupe(scope, namespace, id, expires_at, value)</c>.
/// Keys compare byte-wise (SQLite BINARY, PostgreSQL <c>COLLATE "C"</c>).</para>
/// </summary>
public abstract class SqlStateStore : SqlStoreBase, IStateStore, IDedupeStore
{
    protected SqlStateStore(StateStoreOptions options, TimeProvider time, ILogger logger) : base(time, logger)
    {
        Options = options;
    }

    protected StateStoreOptions Options { get; }

    /// <summary>The state table's name as used in SQL (schema-qualified where needed).</summary>
    protected abstract string StateTable { get; }
    protected abstract string DedupeTable { get; }

    protected override Exception Failure(string operation, Exception inner) =>
        new StateStoreException($"state store {Description}: {operation} failed: {inner.Message}", inner);

    public async ValueTask<byte[]?> ReadAsync(StateKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await RunAsync("read", write: false, async connection =>
        {
            await using var cmd = Command(connection, $"SELECT value FROM {StateTable} WHERE scope = @scope AND prefix = @prefix AND key = @key",
                ("@scope", key.ScopeName), ("@prefix", key.Prefix), ("@key", key.Key));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetFieldValue<byte[]>(0) : null;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(StateKey key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (value.Length > Options.MaxValueBytes)
        {
            throw new ArgumentException($"state value of {value.Length} bytes exceeds the limit of {Options.MaxValueBytes} bytes ({StateStoreOptions.SectionName}:MaxValueBytes)");
        }
        await RunAsync("write", write: true, async connection =>
        {
            await using var cmd = Command(connection,
                $"INSERT INTO {StateTable} (scope, prefix, key, value, updated_at) VALUES (@scope, @prefix, @key, @value, @now) " +
                "ON CONFLICT (scope, prefix, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                ("@scope", key.ScopeName), ("@prefix", key.Prefix), ("@key", key.Key), ("@value", value.ToArray()), ("@now", NowMs()));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteAsync(StateKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await RunAsync("delete", write: true, async connection =>
        {
            await using var cmd = Command(connection, $"DELETE FROM {StateTable} WHERE scope = @scope AND prefix = @prefix AND key = @key",
                ("@scope", key.ScopeName), ("@prefix", key.Prefix), ("@key", key.Key));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> ListKeysAsync(TenantContext scope, string prefix, string? keyPrefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!StateKey.IsValidPrefix(prefix)) throw new ArgumentException($"state prefix '{TenantContext.Sanitize(prefix ?? "")}' is invalid");
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), "limit must be positive");
        limit = Math.Min(limit, Options.MaxListLimit);
        keyPrefix ??= "";
        return await RunAsync("list", write: false, async connection =>
        {
            await using var cmd = Command(connection,
                $"SELECT key FROM {StateTable} WHERE scope = @scope AND prefix = @prefix AND key >= @kp " +
                "AND substr(key, 1, length(@kp)) = @kp ORDER BY key LIMIT @limit",
                ("@scope", StateKey.ScopeNameOf(scope)), ("@prefix", prefix), ("@kp", keyPrefix), ("@limit", limit));
            var keys = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) keys.Add(reader.GetString(0));
            return (IReadOnlyList<string>)keys;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<DedupeResult> TryRecordAsync(TenantContext scope, string @namespace, string id, TimeSpan ttl, CancellationToken cancellationToken)
    {
        CheckDedupeArgs(scope, @namespace, id);
        if (ttl <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ttl), "ttl must be positive");
        var now = NowMs();
        var expires = now + (long)Math.Min(ttl.TotalMilliseconds, TimeSpan.FromDays(3650).TotalMilliseconds);
        return await RunAsync("dedupe", write: true, async connection =>
        {
            // One statement: insert, or take over an expired record; a live record is left alone (0 rows).
            await using var insert = Command(connection,
                $"INSERT INTO {DedupeTable} (scope, namespace, id, expires_at, value) VALUES (@scope, @ns, @id, @expires, NULL) " +
                "ON CONFLICT (scope, namespace, id) DO UPDATE SET expires_at = excluded.expires_at, value = NULL " +
                "WHERE greentic_dedupe.expires_at <= @now",
                ("@scope", StateKey.ScopeNameOf(scope)), ("@ns", @namespace), ("@id", id), ("@expires", expires), ("@now", now));
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                return new DedupeResult(true, null);
            }
            await using var select = Command(connection,
                $"SELECT value FROM {DedupeTable} WHERE scope = @scope AND namespace = @ns AND id = @id",
                ("@scope", StateKey.ScopeNameOf(scope)), ("@ns", @namespace), ("@id", id));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var stored = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0) ? reader.GetFieldValue<byte[]>(0) : null;
            return new DedupeResult(false, stored);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask SetResultAsync(TenantContext scope, string @namespace, string id, ReadOnlyMemory<byte> result, CancellationToken cancellationToken)
    {
        CheckDedupeArgs(scope, @namespace, id);
        if (result.Length > Options.MaxValueBytes)
        {
            throw new ArgumentException($"dedupe result of {result.Length} bytes exceeds the limit of {Options.MaxValueBytes} bytes");
        }
        await RunAsync("dedupe-result", write: true, async connection =>
        {
            await using var cmd = Command(connection,
                $"UPDATE {DedupeTable} SET value = @value WHERE scope = @scope AND namespace = @ns AND id = @id",
                ("@scope", StateKey.ScopeNameOf(scope)), ("@ns", @namespace), ("@id", id), ("@value", result.ToArray()));
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        return await RunAsync("purge", write: true, async connection =>
        {
            await using var cmd = Command(connection, $"DELETE FROM {DedupeTable} WHERE expires_at <= @now", ("@now", NowMs()));
            return await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the schema now rather than on first use (start-up checks).</summary>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        await RunAsync("initialize", write: false, _ => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
    }

    private static void CheckDedupeArgs(TenantContext scope, string @namespace, string id)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!StateKey.IsValidPrefix(@namespace)) throw new ArgumentException($"dedupe namespace '{TenantContext.Sanitize(@namespace ?? "")}' is invalid");
        if (!StateKey.IsValidKey(id)) throw new ArgumentException("dedupe id is invalid: use 1-1024 characters without control characters");
    }

    private long NowMs() => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
