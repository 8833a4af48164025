using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Stores;

/// <summary>
/// Where a store that keeps company with the state store lives (the event log, the messaging store): on the state's
/// PostgreSQL database and schema when state is on PostgreSQL, else in its own SQLite file beside the state database.
/// </summary>
internal static class CompanionStore
{
    /// <param name="sqlitePath">The store's own configured SQLite path, if any.</param>
    /// <param name="fileName">Its SQLite file name beside the state database otherwise.</param>
    public static T Create<T>(IServiceProvider services, string? sqlitePath, string fileName,
        Func<string, string, TimeProvider, T> onPostgres, Func<string, TimeProvider, T> onSqlite)
    {
        var stores = services.GetRequiredService<IOptions<StateStoreOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return stores.Backend == StateBackend.Postgres
            ? onPostgres(stores.PostgresConnectionString!, stores.PostgresSchema, time)
            : onSqlite(SqliteStoreFile.PathBesideState(stores, sqlitePath, fileName), time);
    }
}
