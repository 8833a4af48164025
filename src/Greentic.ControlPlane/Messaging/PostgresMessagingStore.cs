using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Greentic.ControlPlane.Messaging;

/// <summary>The messaging store in PostgreSQL (the state store's server and schema), shared by replicas.</summary>
public sealed class PostgresMessagingStore : SqlMessagingStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _description;

    public PostgresMessagingStore(string connectionString, string schema, TimeProvider? time = null, ILogger<PostgresMessagingStore>? logger = null)
        : base(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _schema = schema;
    }

    public override string Description => _description;
    protected override string DeadLetters => $"\"{_schema}\".greentic_dead_letters";
    protected override string Jobs => $"\"{_schema}\".greentic_send_jobs";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var cmd = Command(connection, $"""
            SELECT pg_advisory_xact_lock(7130461000125);
            CREATE SCHEMA IF NOT EXISTS "{_schema}";
            CREATE TABLE IF NOT EXISTS {DeadLetters} (
                stream TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, ts_ms BIGINT NOT NULL, provider TEXT COLLATE "C" NOT NULL, record BYTEA NOT NULL,
                PRIMARY KEY (stream, id)
            );
            CREATE TABLE IF NOT EXISTS {Jobs} (
                stream TEXT COLLATE "C" NOT NULL, job_id TEXT COLLATE "C" NOT NULL, state INTEGER NOT NULL, outcome BYTEA, expires_at BIGINT NOT NULL,
                PRIMARY KEY (stream, job_id)
            );
            """);
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
