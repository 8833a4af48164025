using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// State in PostgreSQL, for replicas that share it. Tables live in <see cref="StateStoreOptions.PostgresSchema"/>
/// and are created on first use under a transaction-scoped advisory lock, so replicas starting together do
/// not race on DDL. Durability is the server's (a commit returns after the WAL flush under default settings).
/// </summary>
public sealed class PostgresStateStore : SqlStateStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _description;

    public PostgresStateStore(StateStoreOptions options, TimeProvider? time = null, ILogger<PostgresStateStore>? logger = null)
        : base(options, time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        if (string.IsNullOrWhiteSpace(options.PostgresConnectionString))
            throw new ArgumentException($"{StateStoreOptions.SectionName}:PostgresConnectionString is required for the postgres backend");
        var builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
        _description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _schema = options.PostgresSchema;
    }

    public override string Description => _description;

    protected override string StateTable => $"\"{_schema}\".greentic_state";
    protected override string DedupeTable => $"\"{_schema}\".greentic_dedupe";

    protected internal override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(connection, $"""
            SELECT pg_advisory_xact_lock(7130461000123);
            CREATE SCHEMA IF NOT EXISTS "{_schema}";
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
            """);
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
