using Greentic.Gateway.Dedupe;
using Greentic.Gateway.Limits;
using Greentic.Gateway.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;

namespace Greentic.Gateway.Admin;

/// <summary>
/// <c>GET /healthz</c> (open), and the admin surface, locked by <see cref="AdminGuard"/>:
/// <c>GET /admin/gateway/status</c> — the live proxy configuration, the last reload attempt and its error, each
/// destination's health; <c>POST /admin/gateway/reload</c> — reload the proxy configuration now.
/// </summary>
internal static class AdminEndpoints
{
    public static void MapGatewayAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok")).WithMetadata(UnlimitedEndpointMetadata.Instance);

        endpoints.MapGet("/admin/gateway/status", (HttpContext context) =>
        {
            var services = context.RequestServices;
            if (services.GetRequiredService<AdminGuard>().Check(context) is { } refused) return refused;
            var provider = services.GetRequiredService<GatewayProxyConfigProvider>();
            var status = provider.Status;
            var clusters = services.GetRequiredService<IProxyStateLookup>().GetClusters().Select(cluster => new
            {
                cluster = cluster.ClusterId,
                destinations = cluster.Destinations.Values.Select(d => new
                {
                    destination = d.DestinationId,
                    address = d.Model.Config.Address,
                    active = d.Health.Active.ToString(),
                    passive = d.Health.Passive.ToString(),
                    available = cluster.DestinationsState.AvailableDestinations.Contains(d),
                }),
            });
            return Results.Json(new
            {
                proxy = new
                {
                    version = status.Version,
                    source = status.Source,
                    routes = status.Routes,
                    clusters = status.Clusters,
                    last_attempt = status.LastAttempt,
                    last_success = status.LastSuccess,
                    last_error = status.LastError,
                    last_errors = status.LastErrors,
                },
                clusters,
                dedupe = services.GetRequiredService<IDedupeStore>().Description,
            });
        }).WithMetadata(UnlimitedEndpointMetadata.Instance);

        endpoints.MapPost("/admin/gateway/reload", async (HttpContext context) =>
        {
            var services = context.RequestServices;
            if (services.GetRequiredService<AdminGuard>().Check(context) is { } refused) return refused;
            var provider = services.GetRequiredService<GatewayProxyConfigProvider>();
            var applied = await provider.ReloadAsync(context.RequestAborted);
            return Results.Json(new { applied, version = provider.Status.Version, last_error = provider.Status.LastError },
                statusCode: applied ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
        }).WithMetadata(UnlimitedEndpointMetadata.Instance);
    }
}
