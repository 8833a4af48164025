using System.Net;
using Grpc.Core;
using Greentic.Gateway.Tests.Support;
using Greentic.Provider.V1;

namespace Greentic.Gateway.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class GenericWebhookAndDispatchTests(WebhookFixture fixture)
{
    private static HttpRequestMessage Generic(string path, string body, string? key) =>
        key is null ? WebhookFixture.Json(HttpMethod.Post, path, body) : WebhookFixture.Json(HttpMethod.Post, path, body, ("Idempotency-Key", key));

    private Task<HttpResponseMessage> PostTelegramUpdate(long updateId) =>
        fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/messaging/telegram/webhook/acme",
            PlatformPayloads.TelegramUpdate(updateId), ("X-Telegram-Bot-Api-Secret-Token", WebhookFixture.TelegramSecret)));

    /// <summary>Posts one Telegram update while the control plane answers Invoke with <paramref name="onInvoke"/>.</summary>
    private async Task<HttpResponseMessage> PostTelegramUpdate(long updateId, Func<InvokeRequest, ServerCallContext, Task<InvokeResponse>> onInvoke)
    {
        fixture.ControlPlane.OnInvoke = onInvoke;
        try
        {
            return await PostTelegramUpdate(updateId);
        }
        finally
        {
            fixture.ControlPlane.OnInvoke = null;
        }
    }

    [Fact]
    public async Task A_repeated_Idempotency_Key_gets_the_first_response_and_one_event()
    {
        var first = await fixture.Gateway.Http.SendAsync(Generic("/webhook/acme/order-created", """{"order":42}""", "idem-0001"));
        var firstBody = await first.Content.ReadAsStringAsync();
        fixture.Gateway.Time.Advance(TimeSpan.FromSeconds(3));
        var second = await fixture.Gateway.Http.SendAsync(Generic("/webhook/acme/order-created", """{"order":42}""", "idem-0001"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Single(fixture.EventsFor("order-created:idem-0001"));
    }

    [Fact]
    public async Task Without_a_tenant_in_the_path_the_default_tenant_is_used()
    {
        var response = await fixture.Gateway.Http.SendAsync(Generic("/webhook/nightly-report", """{"ok":1}""", "idem-0002"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var published = fixture.ControlPlane.Published.Single(p => p.Events.Any(e => e.Id.Contains("nightly-report:idem-0002")));
        Assert.Equal("demo", published.Ctx.Tenant);
    }

    [Fact]
    public async Task Declared_JSON_that_does_not_parse_gets_400()
    {
        var response = await fixture.Gateway.Http.SendAsync(Generic("/webhook/acme/order-created", "{\"order\":", "idem-0003"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_provider_failure_is_502_the_claim_is_released_and_the_platform_retry_is_processed()
    {
        var failed = await PostTelegramUpdate(720001, (_, _) => throw new RpcException(new Status(StatusCode.Internal, "provider trapped")));
        var retried = await PostTelegramUpdate(720001);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Contains("Internal", await failed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, fixture.InvokesFor("720001").Count);
        Assert.Single(fixture.EventsFor("update-720001"));
    }

    [Fact]
    public async Task A_provider_that_does_not_answer_in_time_is_504_not_a_hang()
    {
        var response = await PostTelegramUpdate(720002, async (_, context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.CancellationToken);
            throw new InvalidOperationException("unreachable");
        });

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Empty(fixture.EventsFor("update-720002"));
    }

    [Fact]
    public async Task An_HttpOutV1_that_is_not_JSON_is_502()
    {
        var response = await PostTelegramUpdate(720003, (_, _) => Task.FromResult(new InvokeResponse { OutputJson = Google.Protobuf.ByteString.CopyFromUtf8("not json") }));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("not a JSON object", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_gateway_calls_the_control_plane_with_its_service_token_and_the_tenant_context()
    {
        await PostTelegramUpdate(720004);

        // The stand-in refuses calls without the token, so a dispatched call proves it was sent.
        var invoke = Assert.Single(fixture.InvokesFor("720004"));
        Assert.Equal("dev", invoke.Ctx.Env);
        Assert.Equal("acme", invoke.Ctx.TenantId);
        Assert.Equal("messaging.telegram.bot", invoke.Ctx.ProviderId);
        Assert.Equal("acme/_/telegram/update-720004", invoke.Ctx.IdempotencyKey);
        Assert.Contains(fixture.ControlPlane.SecretReads, r => r.Ctx.Tenant == "acme" && r.Key == "TELEGRAM_WEBHOOK_SECRET_TOKEN");
    }
}
