using Greentic.ControlPlane.Events;
using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IEventLog"/> — PostgreSQL when <c>Greentic:Stores</c> is on PostgreSQL (same connection and
    /// schema), else SQLite (<c>Greentic:Events:SqlitePath</c>, default <c>events.db</c> beside the state database) —
    /// with options from <c>Greentic:Events</c> and the retention service. A registered <see cref="IEventLog"/> wins.
    /// </summary>
    public static IServiceCollection AddGreenticEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EventLogOptions>().Bind(configuration.GetSection(EventLogOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventLogOptions>, EventLogOptionsValidator>());
        services.TryAddSingleton<IEventLog>(sp =>
        {
            var stores = sp.GetRequiredService<IOptions<StateStoreOptions>>().Value;
            var events = sp.GetRequiredService<IOptions<EventLogOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            if (stores.Backend == StateBackend.Postgres)
                return new PostgresEventLog(stores.PostgresConnectionString!, stores.PostgresSchema, time, sp.GetRequiredService<ILogger<PostgresEventLog>>());
            var path = events.SqlitePath is { Length: > 0 } p
                ? p
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(stores.SqlitePath)) ?? ".", "events.db");
            return new SqliteEventLog(path, time, sp.GetRequiredService<ILogger<SqliteEventLog>>());
        });
        services.AddHostedService<EventLogTrimService>();
        return services;
    }
}
