using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Egress;

public static class EgressServiceCollectionExtensions
{
    /// <summary>Adds the network policies and the HTTP clients HttpEgressService sends through (no automatic redirects: the service follows them itself).</summary>
    public static IServiceCollection AddGreenticEgress(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NetworkPolicyOptions>(configuration.GetSection(NetworkPolicyOptions.SectionName));
        services.AddHttpClient(HttpEgressService.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
        services.AddHttpClient(HttpEgressService.InsecureClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
        return services;
    }
}
