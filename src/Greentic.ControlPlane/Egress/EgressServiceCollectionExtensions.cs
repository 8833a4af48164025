using Greentic.ControlPlane.Services;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

using Greentic.ControlPlane.Egress;

namespace Microsoft.Extensions.DependencyInjection;

public static class EgressServiceCollectionExtensions
{
    /// <summary>Adds the network policies and the HTTP clients HttpServiceImpl sends through (no automatic redirects: the service follows them itself).</summary>
    public static IServiceCollection AddGreenticEgress(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NetworkPolicyOptions>(configuration.GetSection(NetworkPolicyOptions.SectionName));
        services.AddHttpClient(HttpServiceImpl.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
        services.AddHttpClient(HttpServiceImpl.InsecureClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
        return services;
    }
}
