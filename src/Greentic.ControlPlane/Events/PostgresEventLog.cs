using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// The event log in PostgreSQL, shared by replicas (same server and schema as the state store). Tables are created
/// on first use under a transaction-scoped advisory lock. A replica learns of another's appends by polling
/// (<see cref="EventLogOptions.PollInterval"/>).
/// </summary>
public sealed class PostgresEventLog : SqlEventLog
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _description;

    public PostgresEventLog(string connectionString, string schema, TimeProvider? time = null, ILogger<PostgresEventLog>? logger = null)
        : base(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _schema = schema;
    }

    public override string Description => _description;
    protected override string Heads => $"\"{_schema}\".greentic_event_heads";
    protected override string Events => $"\"{_schema}\".greentic_events";
    protected override string Subscribers => $"\"{_schema}\".greentic_event_subscribers";

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = Command(connection, tx, $"""
            SELECT pg_advisory_xact_lock(7130461000124);
            CREATE SCHEMA IF NOT EXISTS "{_schema}";
            CREATE TABLE IF NOT EXISTS {Heads} (
                stream TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                head BIGINT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS {Events} (
                stream TEXT COLLATE "C" NOT NULL,
                seq BIGINT NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                team TEXT COLLATE "C" NOT NULL,
                topic TEXT NOT NULL,
                type TEXT NOT NULL,
                source TEXT NOT NULL,
                subject TEXT,
                time_ms BIGINT NOT NULL,
                correlation_id TEXT,
                payload BYTEA NOT NULL,
                metadata TEXT NOT NULL,
                appended_at BIGINT NOT NULL,
                PRIMARY KEY (stream, seq)
            );
            CREATE UNIQUE INDEX IF NOT EXISTS greentic_events_id ON {Events} (stream, id);
            CREATE INDEX IF NOT EXISTS greentic_events_appended ON {Events} (appended_at);
            CREATE TABLE IF NOT EXISTS {Subscribers} (
                stream TEXT COLLATE "C" NOT NULL,
                subscriber TEXT COLLATE "C" NOT NULL,
                acked BIGINT NOT NULL,
                delivered BIGINT NOT NULL,
                redeliveries INTEGER NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (stream, subscriber)
            );
            """);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
