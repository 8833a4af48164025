using System.Data.Common;
using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.ControlPlane.Messaging;

/// <summary>The messaging store in PostgreSQL (the state store's server and schema), shared by replicas.</summary>
public sealed class PostgresMessagingStore(string connectionString, string schema, TimeProvider? time = null, ILogger<PostgresMessagingStore>? logger = null)
    : SqlMessagingStore(time ?? TimeProvider.System, logger ?? (ILogger)NullLogger.Instance)
{
    private readonly PostgresStoreDatabase _db = new(connectionString, schema);

    public override string Description => _db.Description;
    protected override string DeadLetters => _db.Table("greentic_dead_letters");
    protected override string Jobs => _db.Table("greentic_send_jobs");

    protected internal override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => _db.OpenAsync(cancellationToken);

    protected override ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        _db.CreateSchemaAsync(connection, 7130461000125, $"""
            CREATE TABLE IF NOT EXISTS {DeadLetters} (
                stream TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, ts_ms BIGINT NOT NULL, provider TEXT COLLATE "C" NOT NULL, record BYTEA NOT NULL,
                PRIMARY KEY (stream, id)
            );
            CREATE TABLE IF NOT EXISTS {Jobs} (
                stream TEXT COLLATE "C" NOT NULL, job_id TEXT COLLATE "C" NOT NULL, state INTEGER NOT NULL, outcome BYTEA, expires_at BIGINT NOT NULL,
                PRIMARY KEY (stream, job_id)
            );
            """, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await base.DisposeAsync();
    }
}
