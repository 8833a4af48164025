using System.Text.Json.Nodes;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Services;
using Greentic.Packs.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Greentic.Json;

namespace Greentic.ControlPlane.Hosting;

public static class ControlPlaneEndpoints
{
    /// <summary>
    /// The middleware and endpoints of the control plane: authentication and authorization first (so an
    /// unauthenticated call is refused before its body is read), the message-size check, then the gRPC services —
    /// tenant-scoped ones need an authenticated caller, AdminService the admin scheme; health and reflection are
    /// open — plus <c>/healthz</c> and the runner host's admin HTTP endpoints.
    /// </summary>
    public static WebApplication MapGreenticControlPlane(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<MessageSizeLimit>();

        app.MapGrpcService<ProviderServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<SecretsServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<StateServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<HttpServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<TelemetryServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<DistributorServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<EventsServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<MessagingServiceImpl>().RequireAuthorization(GreenticPolicies.Caller);
        app.MapGrpcService<AdminServiceImpl>().RequireAuthorization(GreenticPolicies.Admin);
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();

        app.MapGet("/healthz", () => Results.Json(new { status = "ok" }));
        app.MapGet("/admin/packs/status", (PackRuntimeManager packs) => Results.Text(GreenticJson.ToJsonString(packs.GetStatus().ToJson()), "application/json"))
            .RequireAuthorization(GreenticPolicies.Admin);
        app.MapPost("/admin/packs/reload", (PackRuntimeManager packs) =>
        {
            _ = Task.Run(() => packs.ReloadAsync(CancellationToken.None));
            return Results.Json(new JsonObject { ["accepted"] = true }, statusCode: StatusCodes.Status202Accepted);
        }).RequireAuthorization(GreenticPolicies.Admin);
        return app;
    }
}
