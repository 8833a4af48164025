using Greentic.Gateway.Webhooks.Adapters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Gateway.Webhooks;

/// <summary>
/// The webhook routes. Every platform route names the tenant (and optionally a team) in its path, in one of two forms:
/// <list type="bullet">
/// <item>per adapter (CONTRACTS.md §3 paths, tenant appended): <c>POST /messaging/telegram/webhook/{tenant}/{team?}</c>,
/// <c>POST /slack/events/{tenant}/{team?}</c>, <c>POST /slack/interactive/{tenant}/{team?}</c>,
/// <c>POST /teams/activities/{tenant}/{team?}</c>, <c>POST /webchat/activities/{tenant}/{team?}</c>,
/// <c>POST /webex/webhook/{tenant}/{team?}</c>, <c>GET|POST /whatsapp/webhook/{tenant}/{team?}</c>;</item>
/// <item>upstream's operator form: <c>GET|POST /v1/messaging/ingress/{provider}/{tenant}/{team?}/{handler?}</c>,
/// provider being an adapter name (telegram, slack, teams, webchat, webex, whatsapp) and handler Slack's
/// <c>events</c> (default) or <c>interactive</c>.</item>
/// </list>
/// The generic webhook is <c>ANY /webhook/{flow_id}</c> (DEFAULT_TENANT) or <c>ANY /webhook/{tenant}/{flow_id}</c>.
/// </summary>
internal static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var adapters = endpoints.ServiceProvider.GetServices<IWebhookAdapter>().ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var post = new[] { HttpMethods.Post };
        var getPost = new[] { HttpMethods.Get, HttpMethods.Post };

        Map(endpoints, "/messaging/telegram/webhook/{tenant}/{team?}", post, adapters["telegram"], null);
        Map(endpoints, "/slack/events/{tenant}/{team?}", post, adapters["slack"], "events");
        Map(endpoints, "/slack/interactive/{tenant}/{team?}", post, adapters["slack"], "interactive");
        Map(endpoints, "/teams/activities/{tenant}/{team?}", post, adapters["teams"], null);
        Map(endpoints, "/webchat/activities/{tenant}/{team?}", post, adapters["webchat"], null);
        Map(endpoints, "/webex/webhook/{tenant}/{team?}", post, adapters["webex"], null);
        Map(endpoints, "/whatsapp/webhook/{tenant}/{team?}", getPost, adapters["whatsapp"], null);

        endpoints.MapMethods("/v1/{domain}/ingress/{provider}/{tenant}/{team?}/{handler?}", getPost, (HttpContext context) =>
        {
            var values = context.Request.RouteValues;
            var domain = values["domain"] as string;
            var provider = values["provider"] as string ?? "";
            if (!string.Equals(domain, "messaging", StringComparison.OrdinalIgnoreCase) || !adapters.TryGetValue(provider, out var adapter) || adapter.Name == "webhook")
            {
                return Results.Json(new { error = $"no ingress for domain '{Tenancy.TenantName.Sanitize(domain)}' and provider '{Tenancy.TenantName.Sanitize(provider)}'; " +
                                                  "use /v1/messaging/ingress/{telegram|slack|teams|webchat|webex|whatsapp}/{tenant}/{team?}/{handler?}" },
                    statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            }
            var handler = values["handler"] as string;
            if (adapter.Name == "slack") handler ??= "events";
            return context.RequestServices.GetRequiredService<WebhookPipeline>().HandleAsync(context, adapter, handler);
        }).WithMetadata(new WebhookEndpointMetadata("ingress"));

        var generic = adapters["webhook"];
        endpoints.Map("/webhook/{handler}", (HttpContext context) =>
            context.RequestServices.GetRequiredService<WebhookPipeline>().HandleAsync(context, generic, context.Request.RouteValues["handler"] as string))
            .WithMetadata(new WebhookEndpointMetadata(generic.Name));
        endpoints.Map("/webhook/{tenant}/{handler}", (HttpContext context) =>
            context.RequestServices.GetRequiredService<WebhookPipeline>().HandleAsync(context, generic, context.Request.RouteValues["handler"] as string))
            .WithMetadata(new WebhookEndpointMetadata(generic.Name));
    }

    private static void Map(IEndpointRouteBuilder endpoints, string pattern, string[] methods, IWebhookAdapter adapter, string? handler) =>
        endpoints.MapMethods(pattern, methods, (HttpContext context) =>
                context.RequestServices.GetRequiredService<WebhookPipeline>().HandleAsync(context, adapter, handler))
            .WithMetadata(new WebhookEndpointMetadata(adapter.Name));
}
