using Greentic.Packs.Cache;
using Greentic.Packs.Locators;
using Greentic.Packs.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.Packs;

public static class PacksServiceCollectionExtensions
{
    public const string HttpClientName = "greentic-packs";

    /// <summary>
    /// Registers <see cref="PacksOptions"/> (bound from <paramref name="configuration"/>, see its docs for the keys),
    /// the <see cref="PackCache"/>, <see cref="PackFetcher"/>, <see cref="PackRuntimeManager"/> and the
    /// <see cref="PackWatcher"/> hosted service.
    /// </summary>
    public static IServiceCollection AddGreenticPacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PacksOptions>().Configure(o => PacksOptions.Bind(o, configuration));
        services.AddHttpClient(HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddSingleton(sp => new PackCache(sp.GetRequiredService<IOptions<PacksOptions>>().Value.CacheDir));
        services.AddSingleton(sp => new PackFetcher(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<PacksOptions>>().Value.MaxPackBytes));
        services.AddSingleton<PackRuntimeManager>();
        services.AddHostedService<PackWatcher>();
        return services;
    }
}
