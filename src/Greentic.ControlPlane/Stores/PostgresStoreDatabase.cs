using System.Data.Common;
using Npgsql;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// The PostgreSQL side of the stores built on <see cref="SqlStoreBase"/>: a data source, the schema name tables are
/// qualified with, and DDL run once under a transaction-scoped advisory lock, so replicas starting together do not race.
/// </summary>
public sealed class PostgresStoreDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStoreDatabase(string connectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Schema = schema;
    }

    public string Description { get; }
    public string Schema { get; }

    /// <summary><paramref name="table"/> qualified with the schema.</summary>
    public string Table(string table) => $"\"{Schema}\".{table}";

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Creates the schema and runs <paramref name="ddl"/> holding advisory lock <paramref name="lockId"/>.</summary>
    public async ValueTask CreateSchemaAsync(DbConnection connection, long lockId, string ddl, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT pg_advisory_xact_lock({lockId}); CREATE SCHEMA IF NOT EXISTS \"{Schema}\"; {ddl}";
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
