using System.Data.Common;
using Npgsql;

namespace Greentic.Gateway.Dedupe;

/// <summary>The dedupe store for replicas on several hosts: one PostgreSQL table, claimed with the same single upsert.</summary>
internal sealed class PostgresDedupeStore : SqlDedupeStore
{
    private readonly NpgsqlDataSource _source;

    public PostgresDedupeStore(string connectionString, TimeProvider time) : base(time)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override string Description { get; }

    protected override async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async ValueTask CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = Command(connection, $"""
                CREATE TABLE IF NOT EXISTS {Table} (
                    key TEXT NOT NULL PRIMARY KEY,
                    state SMALLINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    status INTEGER NULL,
                    content_type TEXT NULL,
                    body BYTEA NULL);
                CREATE INDEX IF NOT EXISTS {Table}_expires ON {Table} (expires_at);
                """);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            // Another replica created it at the same moment.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        await _source.DisposeAsync().ConfigureAwait(false);
    }
}
