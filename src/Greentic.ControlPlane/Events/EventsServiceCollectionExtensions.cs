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
        services.TryAddSingleton<IEventLog>(sp => CompanionStore.Create<IEventLog>(sp,
            sp.GetRequiredService<IOptions<EventLogOptions>>().Value.SqlitePath, "events.db",
            (connection, schema, time) => new PostgresEventLog(connection, schema, time, sp.GetRequiredService<ILogger<PostgresEventLog>>()),
            (path, time) => new SqliteEventLog(path, time, sp.GetRequiredService<ILogger<SqliteEventLog>>())));
        services.AddHostedService<EventLogTrimService>();
        return services;
    }
}
