using System.Data.Common;
using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// The event log in PostgreSQL, shared by replicas (same server and schema as the state store). A replica learns of
/// another's appends by polling (<see cref="EventLogOptions.PollInterval"/>).
/// </summary>
public sealed class PostgresEventLog(string connectionString, string schema, TimeProvider? time = null, ILogger<PostgresEventLog>? logger = null)
    : SqlEventLog(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
{
    private readonly PostgresStoreDatabase _db = new(connectionString, schema);

    public override string Description => _db.Description;
    protected override string Heads => _db.Table("greentic_event_heads");
    protected override string Events => _db.Table("greentic_events");
    protected override string Subscribers => _db.Table("greentic_event_subscribers");

    protected internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);

    protected override ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        _db.CreateSchemaAsync(connection, 7130461000124, $"""
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
            """, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
