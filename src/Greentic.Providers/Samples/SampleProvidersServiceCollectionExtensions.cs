using Greentic.Providers;
using Greentic.Providers.Samples;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class SampleProvidersServiceCollectionExtensions
{
    /// <summary>Registers the sample C# providers <c>echo</c>, <c>messaging.dummy</c> and <c>worker.echo</c> (contract in sidecars/README.md).</summary>
    public static IServiceCollection AddSampleProviders(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProvider, EchoProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProvider, DummyMessagingProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProvider, EchoWorkerProvider>());
        return services;
    }
}
