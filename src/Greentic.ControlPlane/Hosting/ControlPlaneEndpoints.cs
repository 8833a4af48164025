using System.Text.Json.Nodes;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Egress;
using Greentic.ControlPlane.Services;
using Greentic.Packs.Runtime;
using Greentic.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Hosting;

public static class ControlPlaneEndpoints
{
    /// <summary>Maps the gRPC services, health, reflection, <c>/healthz</c> and the admin HTTP endpoints of the runner host.</summary>
    public static IEndpointRouteBuilder MapGreenticControlPlane(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRpcService<ProviderRouterService>();
        endpoints.MapRpcService<SecretsServiceImpl>();
        endpoints.MapRpcService<StateServiceImpl>();
        endpoints.MapRpcService<HttpEgressService>();
        endpoints.MapRpcService<TelemetryServiceImpl>();
        endpoints.MapRpcService<AdminServiceImpl>();
        endpoints.MapRpcService<Distributor.DistributorServiceImpl>();
        endpoints.MapRpcHealthService();
        endpoints.MapRpcReflectionService();

        endpoints.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        endpoints.MapGet("/admin/packs/status", (HttpContext http, AdminAuthenticator admin, PackRuntimeManager packs) =>
            Admin(http, admin, () => Results.Text(packs.GetStatus().ToJson().ToJsonString(), "application/json")));
        endpoints.MapPost("/admin/packs/reload", (HttpContext http, AdminAuthenticator admin, PackRuntimeManager packs) =>
            Admin(http, admin, () =>
            {
                _ = Task.Run(() => packs.ReloadAsync(CancellationToken.None));
                return Results.Json(new { accepted = true }, statusCode: StatusCodes.Status202Accepted);
            }));
        return endpoints;
    }

    private static IResult Admin(HttpContext http, AdminAuthenticator admin, Func<IResult> action)
    {
        var result = admin.Authenticate(http);
        return result.Succeeded
            ? action()
            : Results.Json(new JsonObject { ["error"] = result.Decision.Message }, statusCode: result.Decision.HttpStatusCode);
    }
}
