using Greentic.ControlPlane.Messaging;
using Greentic.ControlPlane.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the egress pipeline and <see cref="IMessagingStore"/> — PostgreSQL when <c>Greentic:Stores</c> is on PostgreSQL,
    /// else SQLite (<c>Greentic:Messaging:SqlitePath</c>, default <c>messaging.db</c> beside the state database) — with options
    /// from <c>Greentic:Messaging</c>. A registered <see cref="IMessagingStore"/> wins.
    /// </summary>
    public static IServiceCollection AddGreenticMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddSingleton<MessagingPipeline>();
        services.TryAddSingleton<IMessagingStore>(sp => CompanionStore.Create<IMessagingStore>(sp,
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value.SqlitePath, "messaging.db",
            (connection, schema, time) => new PostgresMessagingStore(connection, schema, time, sp.GetRequiredService<ILogger<PostgresMessagingStore>>()),
            (path, time) => new SqliteMessagingStore(path, time, sp.GetRequiredService<ILogger<SqliteMessagingStore>>())));
        return services;
    }
}
