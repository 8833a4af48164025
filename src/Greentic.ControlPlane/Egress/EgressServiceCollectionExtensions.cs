using Greentic.ControlPlane.Components;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

using Greentic.ControlPlane.Egress;

namespace Microsoft.Extensions.DependencyInjection;

public static class EgressServiceCollectionExtensions
{
    /// <summary>Adds the network policies and the HTTP handlers provider egress sends through (no automatic redirects: egress follows them itself, checking each hop).</summary>
    public static IServiceCollection AddGreenticEgress(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NetworkPolicyOptions>(configuration.GetSection(NetworkPolicyOptions.SectionName));
        services.AddHttpClient(TenantEgress.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
        services.AddHttpClient(TenantEgress.InsecureClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
        services.TryAddSingleton<TenantEgress>();
        return services;
    }
}
