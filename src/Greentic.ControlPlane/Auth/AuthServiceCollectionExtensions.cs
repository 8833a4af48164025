using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthServiceCollectionExtensions
{
    /// <summary>The named HttpClient used to fetch a JWKS URL.</summary>
    public const string JwksHttpClientName = "Greentic.Jwks";

    /// <summary>
    /// Registers JWT validation, client-certificate authentication, the tenant authorizer and resolver, and the
    /// admin authenticator, with options bound from <c>Greentic:Auth:Jwt</c>, <c>Greentic:Auth:ClientCertificates</c>,
    /// <c>Greentic:Tenancy</c> and <c>Greentic:Admin</c>, plus the upstream variables GREENTIC_ENV, DEFAULT_TENANT,
    /// TENANT_RESOLVER and ADMIN_TOKEN (which win when set). Options are validated at start-up.
    /// </summary>
    public static IServiceCollection AddGreenticAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<JwtValidationOptions>().Bind(configuration.GetSection(JwtValidationOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ClientCertificateOptions>().Bind(configuration.GetSection(ClientCertificateOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.SectionName))
            .Configure(o => TenancyOptions.ApplyUpstreamNames(o, name => configuration[name])).ValidateOnStart();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName))
            .Configure(o =>
            {
                if (configuration["ADMIN_TOKEN"] is { Length: > 0 } token) o.Token = token;
            });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JwtValidationOptions>, JwtValidationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientCertificateOptions>, ClientCertificateOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenancyOptions>, TenancyOptionsValidator>());

        services.AddHttpClient(JwksHttpClientName);
        services.TryAddSingleton<IJwksSource>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value;
            if (!string.IsNullOrWhiteSpace(o.JwksUrl))
            {
                var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(JwksHttpClientName);
                return new HttpJwksSource(http, new Uri(o.JwksUrl), o.JwksHttpTimeout);
            }
            return string.IsNullOrWhiteSpace(o.JwksFile) ? new UnconfiguredJwksSource() : new FileJwksSource(o.JwksFile);
        });
        services.TryAddSingleton<IJwksProvider>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value;
            return new JwksProvider(sp.GetRequiredService<IJwksSource>(), o.JwksRefreshInterval, o.JwksMinRefreshInterval,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JwksProvider>>());
        });
        services.TryAddSingleton(sp => new JwtValidator(sp.GetRequiredService<IOptionsMonitor<JwtValidationOptions>>(),
            sp.GetRequiredService<IJwksProvider>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JwtValidator>>()));
        services.TryAddSingleton(sp => new ClientCertificateAuthenticator(sp.GetRequiredService<IOptions<ClientCertificateOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ClientCertificateAuthenticator>>()));
        services.TryAddSingleton(sp => new TenantAuthorizer(sp.GetRequiredService<ILogger<TenantAuthorizer>>()));
        services.TryAddSingleton<TenantResolver>();
        services.TryAddSingleton(sp => new AdminAuthenticator(sp.GetRequiredService<IOptionsMonitor<AdminOptions>>(),
            sp.GetRequiredService<ILogger<AdminAuthenticator>>()));
        return services;
    }

    private sealed class UnconfiguredJwksSource : IJwksSource
    {
        public string Description => "(none)";

        public Task<byte[]> FetchAsync(CancellationToken cancellationToken) => throw new JwksUnavailableException(
            $"JWT authentication is not configured: set {JwtValidationOptions.SectionName}:JwksFile or :JwksUrl");
    }
}
