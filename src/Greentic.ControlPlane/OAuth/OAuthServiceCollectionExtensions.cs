using Greentic.ControlPlane.OAuth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class OAuthServiceCollectionExtensions
{
    /// <summary>
    /// The OAuth broker (<see cref="OAuthBroker"/>) with its options from <c>Greentic:OAuth</c> (GREENTIC_OAUTH_KEY wins
    /// over <c>Key</c>), validated at start, and the named HttpClient it uses for discovery and token requests.
    /// </summary>
    public static IServiceCollection AddGreenticOAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OAuthOptions>().Bind(configuration.GetSection(OAuthOptions.SectionName))
            .Configure(o =>
            {
                if (configuration[OAuthOptions.KeyVariable] is { Length: > 0 } key) o.Key = key;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidator>());
        services.AddHttpClient(OAuthHttp.ClientName)
            .ConfigureHttpClient((sp, c) => c.Timeout = sp.GetRequiredService<IOptions<OAuthOptions>>().Value.HttpTimeout);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OAuthKeyRing>();
        services.TryAddSingleton<RecordSealer>();
        services.TryAddSingleton<ConsentStates>();
        services.TryAddSingleton<OAuthStore>();
        services.TryAddSingleton<OAuthProviders>();
        services.TryAddSingleton<OAuthEndpointResolver>();
        services.TryAddSingleton<OAuthTokenClient>();
        services.TryAddSingleton<ConsentFlow>();
        // OAuthBroker is public (services take it), its parts are not: built here rather than by constructor discovery.
        services.TryAddSingleton(sp => new OAuthBroker(sp.GetRequiredService<ConsentFlow>(), sp.GetRequiredService<OAuthProviders>(),
            sp.GetRequiredService<OAuthEndpointResolver>(), sp.GetRequiredService<OAuthTokenClient>(), sp.GetRequiredService<OAuthStore>(),
            sp.GetRequiredService<Greentic.ControlPlane.Secrets.SecretRedactor>(), sp.GetRequiredService<IOptionsMonitor<OAuthOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<OAuthBroker>>()));
        return services;
    }
}
