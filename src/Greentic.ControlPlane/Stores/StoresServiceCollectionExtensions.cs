using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class StoresServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IStateStore"/> and <see cref="IDedupeStore"/> (one <see cref="SqlStateStore"/>:
    /// SQLite by default, PostgreSQL with <c>Backend=Postgres</c>), options bound from <c>Greentic:Stores</c>
    /// with <c>STATE_BACKEND</c> winning when set.
    /// </summary>
    public static IServiceCollection AddGreenticStores(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StateStoreOptions>().Bind(configuration.GetSection(StateStoreOptions.SectionName))
            .Configure(o =>
            {
                if (configuration["STATE_BACKEND"] is { Length: > 0 } backend)
                {
                    if (Enum.TryParse<StateBackend>(backend, ignoreCase: true, out var parsed) && !int.TryParse(backend, out _))
                        o.Backend = parsed;
                    else
                        o.BackendParseError = $"STATE_BACKEND '{backend}' is not one of sqlite, postgres";
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StateStoreOptions>, StateStoreOptionsValidator>());
        services.TryAddSingleton<SqlStateStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StateStoreOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.Backend == StateBackend.Postgres
                ? new PostgresStateStore(options, time, sp.GetRequiredService<ILogger<PostgresStateStore>>())
                : new SqliteStateStore(options, time, sp.GetRequiredService<ILogger<SqliteStateStore>>());
        });
        services.TryAddSingleton<IStateStore>(sp => sp.GetRequiredService<SqlStateStore>());
        services.TryAddSingleton<IDedupeStore>(sp => sp.GetRequiredService<SqlStateStore>());
        return services;
    }
}
