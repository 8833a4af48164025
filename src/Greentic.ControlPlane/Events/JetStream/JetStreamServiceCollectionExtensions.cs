using Greentic.ControlPlane.Events;
using Greentic.ControlPlane.Events.JetStream;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class JetStreamServiceCollectionExtensions
{
    public const string BackendKey = "Greentic:Events:Backend";

    /// <summary>
    /// With <c>Greentic:Events:Backend = JetStream</c>, registers <see cref="JetStreamEventLog"/> as the <see cref="IEventLog"/>
    /// (options from <c>Greentic:Events:JetStream</c>) before the embedded SQL log is considered; any other value leaves
    /// the default (SQLite, or PostgreSQL beside the state store).
    /// </summary>
    public static IServiceCollection AddGreenticJetStreamEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var backend = configuration[BackendKey];
        if (string.IsNullOrEmpty(backend) || backend.Equals("Sql", StringComparison.OrdinalIgnoreCase)) return services;
        if (!backend.Equals("JetStream", StringComparison.OrdinalIgnoreCase))
            throw new OptionsValidationException(BackendKey, typeof(JetStreamOptions), [$"{BackendKey} '{backend}' is not one of Sql, JetStream"]);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JetStreamOptions>().Bind(configuration.GetSection(JetStreamOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.Url.Split(',')[0].Trim(), UriKind.Absolute, out var u) && u.Scheme is "nats" or "tls",
                $"{JetStreamOptions.SectionName}:Url must be nats://host:port (or tls://)")
            .Validate(o => o.Replicas is >= 1 and <= 5 && o.DuplicateWindow > TimeSpan.Zero, $"{JetStreamOptions.SectionName}: Replicas 1-5, DuplicateWindow positive")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new JetStreamEventLog(sp.GetRequiredService<IOptions<JetStreamOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JetStreamEventLog>>()));
        services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<JetStreamEventLog>());
        return services;
    }
}
