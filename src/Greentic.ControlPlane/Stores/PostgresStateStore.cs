using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// State in PostgreSQL, for replicas that share it. Tables live in <see cref="StateStoreOptions.PostgresSchema"/>
/// and are created on first use under a transaction-scoped advisory lock (<see cref="PostgresStoreDatabase"/>), so
/// replicas starting together do not race on DDL. Durability is the server's (a commit returns after the WAL flush under default settings).
/// </summary>
public sealed class PostgresStateStore : SqlStateStore
{
    private readonly PostgresStoreDatabase _db;

    public PostgresStateStore(StateStoreOptions options, TimeProvider? time = null, ILogger<PostgresStateStore>? logger = null)
        : base(options, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            throw new ArgumentException($"{StateStoreOptions.SectionName}:PostgresConnectionString is required for the postgres backend");
        _db = new PostgresStoreDatabase(options.PostgresConnectionString, options.PostgresSchema);
    }

    public override string Description => _db.Description;

    protected override string StateTable => _db.Table("greentic_state");
    protected override string DedupeTable => _db.Table("greentic_dedupe");

    protected internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);

    protected override ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        _db.CreateSchemaAsync(connection, 7130461000123, $"""
            CREATE TABLE IF NOT EXISTS {StateTable} (
                scope TEXT COLLATE "C" NOT NULL,
                prefix TEXT COLLATE "C" NOT NULL,
                key TEXT COLLATE "C" NOT NULL,
                value BYTEA NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (scope, prefix, key)
            );
            CREATE TABLE IF NOT EXISTS {DedupeTable} (
                scope TEXT COLLATE "C" NOT NULL,
                namespace TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                expires_at BIGINT NOT NULL,
                value BYTEA,
                PRIMARY KEY (scope, namespace, id)
            );
            CREATE INDEX IF NOT EXISTS greentic_dedupe_expiry ON {DedupeTable} (expires_at);
            """, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
