using Greentic.ControlPlane.Services;
using Greentic.ControlPlane.Distributor;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DistributorServiceCollectionExtensions
{
    /// <summary>The distributor service and its helpers; needs the pack runtime (<c>AddGreenticPacks</c>) and the call guard.</summary>
    public static IServiceCollection AddGreenticDistributor(this IServiceCollection services)
    {
        services.TryAddSingleton<TenantArtifactIndex>();
        services.TryAddSingleton<ArtifactBlobs>();
        services.TryAddSingleton<DigestStreamer>();
        services.TryAddSingleton<DistributorServiceImpl>();
        return services;
    }
}
