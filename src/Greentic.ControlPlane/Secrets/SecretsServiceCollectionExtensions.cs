using Greentic.ControlPlane.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecretsStore"/> (env or encrypted file, per SECRETS_BACKEND), the
    /// <see cref="ScopedSecretsFactory"/>, the <see cref="SecretRedactor"/>, and replaces
    /// <see cref="ILoggerFactory"/> with a <see cref="RedactingLoggerFactory"/> over the standard one, so
    /// secret values are masked in every log entry. Options from <c>Greentic:Secrets</c>; SECRETS_BACKEND and
    /// GREENTIC_SECRETS_KEY win when set.
    /// </summary>
    public static IServiceCollection AddGreenticSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.SectionName))
            .Configure(o =>
            {
                if (configuration["SECRETS_BACKEND"] is { Length: > 0 } backend)
                {
                    if (Enum.TryParse<SecretsBackend>(backend, ignoreCase: true, out var parsed) && !int.TryParse(backend, out _))
                        o.Backend = parsed;
                    else
                        o.BackendParseError = $"SECRETS_BACKEND '{backend}' is not supported; use env or file";
                }
                if (configuration[SecretsOptions.KeyVariable] is { Length: > 0 } key) o.Key = key;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>());

        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SecretsOptions>>().Value;
            var redactor = new SecretRedactor(o.RedactMinLength);
            // The host's own credentials are secrets too.
            if (!string.IsNullOrEmpty(o.Key)) redactor.Register(o.Key);
            if (configuration["ADMIN_TOKEN"] is { Length: > 0 } adminToken) redactor.Register(adminToken);
            if (configuration["Greentic:Admin:Token"] is { Length: > 0 } sectionToken) redactor.Register(sectionToken);
            return redactor;
        });
        services.TryAddSingleton<ISecretsStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SecretsOptions>>().Value;
            ISecretsStore store = o.Backend == SecretsBackend.File
                ? new EncryptedFileSecretsStore(o.FilePath, o.Key, sp.GetRequiredService<ILogger<EncryptedFileSecretsStore>>())
                : new EnvSecretsStore(o.EnvPrefix);
            return new RedactionRegisteringSecretsStore(store, sp.GetRequiredService<SecretRedactor>());
        });
        services.TryAddSingleton(sp => new ScopedSecretsFactory(sp.GetRequiredService<ISecretsStore>(), sp.GetRequiredService<SecretRedactor>(),
            sp.GetRequiredService<IOptions<SecretsOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));

        // Mask secrets in logs: build the standard LoggerFactory ourselves and wrap it. AddLogging only
        // TryAdds its factory, so this holds whichever is called first.
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(
            new LoggerFactory(sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()),
            sp.GetRequiredService<SecretRedactor>())));
        return services;
    }
}
