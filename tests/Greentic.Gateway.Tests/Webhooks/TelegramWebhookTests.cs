using System.Net;
using System.Text;
using System.Text.Json;
using Greentic.Gateway.Tests.Support;

namespace Greentic.Gateway.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class TelegramWebhookTests(WebhookFixture fixture)
{
    private const string Path = "/messaging/telegram/webhook/acme";

    private Task<HttpResponseMessage> Post(string body, string? secret = WebhookFixture.TelegramSecret, string path = Path) =>
        fixture.Gateway.Http.SendAsync(secret is null
            ? WebhookFixture.Json(HttpMethod.Post, path, body)
            : WebhookFixture.Json(HttpMethod.Post, path, body, ("X-Telegram-Bot-Api-Secret-Token", secret)));

    [Fact]
    public async Task A_signed_update_is_dispatched_as_HttpInV1_and_the_provider_reply_and_events_are_honoured()
    {
        var response = await Post(PlatformPayloads.TelegramUpdate(710001));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("messaging.telegram.bot", response.Headers.GetValues("x-provider").Single());

        var invoke = Assert.Single(fixture.InvokesFor("710001"));
        Assert.Equal("ingest_http", invoke.Op);
        Assert.Equal("messaging.telegram.bot", invoke.ProviderType);
        Assert.Equal("acme", invoke.Ctx.Tenant);
        Assert.Equal("acme:messaging.telegram.bot:1111111:2222222", invoke.Ctx.SessionId);
        var input = WebhookFixture.JsonOf(invoke.InputJson);
        Assert.Equal(1, input.GetProperty("v").GetInt32());
        Assert.Equal("messaging.telegram.bot", input.GetProperty("provider").GetString());
        Assert.Equal("acme", input.GetProperty("tenant_hint").GetString());
        Assert.Equal("POST", input.GetProperty("method").GetString());
        Assert.Equal(Path, input.GetProperty("path").GetString());
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(input.GetProperty("body_b64").GetString()!));
        Assert.Contains("\"update_id\":710001", body);
        // The secret token was checked by the gateway and is not passed on.
        Assert.DoesNotContain(input.GetProperty("headers").EnumerateArray(), h => h[0].GetString() == "x-telegram-bot-api-secret-token");
        Assert.DoesNotContain(WebhookFixture.TelegramSecret, invoke.InputJson.ToStringUtf8());

        var published = Assert.Single(fixture.EventsFor("update-710001"));
        Assert.Equal("greentic.messaging.channel-message.v1", published.Type);
        Assert.Equal("messaging.ingress", published.Topic);
        var envelope = WebhookFixture.JsonOf(published.PayloadJson);
        // The provider wrote tenant "default"; the event carries the tenant the webhook was verified for.
        Assert.Equal("acme", envelope.GetProperty("tenant").GetProperty("tenant").GetString());
        Assert.Equal("acme:messaging.telegram.bot:1111111:2222222", published.Metadata["session_key"]);
    }

    [Fact]
    public async Task The_same_update_twice_is_dispatched_once_and_the_repeat_gets_200()
    {
        var first = await Post(PlatformPayloads.TelegramUpdate(710002));
        var second = await Post(PlatformPayloads.TelegramUpdate(710002));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(fixture.InvokesFor("710002"));
        Assert.Single(fixture.EventsFor("update-710002"));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-secret", HttpStatusCode.Unauthorized)]
    [InlineData("tg-secret-token_012345678", HttpStatusCode.Unauthorized)]
    public async Task A_missing_or_wrong_secret_token_is_refused_and_nothing_is_dispatched(string? secret, HttpStatusCode expected)
    {
        var update = 710100 + (secret?.Length ?? 0);
        var response = await Post(PlatformPayloads.TelegramUpdate(update), secret);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(fixture.InvokesFor(update.ToString()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(WebhookFixture.TelegramSecret, text);
    }

    [Fact]
    public async Task A_tenant_without_a_secret_token_is_refused_fail_closed()
    {
        var response = await Post(PlatformPayloads.TelegramUpdate(710200), path: "/messaging/telegram/webhook/unconfigured");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("TELEGRAM_WEBHOOK_SECRET_TOKEN", await response.Content.ReadAsStringAsync());
        Assert.Empty(fixture.InvokesFor("710200"));
    }

    [Fact]
    public async Task Malformed_JSON_gets_400_with_a_reason()
    {
        var response = await Post("""{"update_id": 5, "message": {""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("not valid JSON", error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_update_without_update_id_gets_400()
    {
        var response = await Post("""{"message":{"message_id":1,"chat":{"id":1}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("update_id", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_oversized_body_gets_413_before_anything_else()
    {
        var huge = PlatformPayloads.TelegramUpdate(710300, text: new string('x', 70_000));
        var response = await Post(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(fixture.InvokesFor("710300"));
    }

    [Fact]
    public async Task An_invalid_tenant_in_the_path_gets_400()
    {
        var response = await Post(PlatformPayloads.TelegramUpdate(710400), path: "/messaging/telegram/webhook/bad.tenant!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_operator_ingress_path_reaches_the_same_adapter()
    {
        var response = await Post(PlatformPayloads.TelegramUpdate(710500), path: "/v1/messaging/ingress/telegram/acme/support");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("710500"));
        Assert.Equal("acme", invoke.Ctx.Tenant);
        Assert.Equal("support", invoke.Ctx.Team);
    }

    [Fact]
    public async Task Secrets_never_appear_in_logs()
    {
        await Post(PlatformPayloads.TelegramUpdate(710600), "forged");
        await Post(PlatformPayloads.TelegramUpdate(710601));
        await fixture.Gateway.Http.GetAsync($"/whatsapp/webhook/acme?hub.mode=subscribe&hub.verify_token={WebhookFixture.WhatsAppVerifyToken}&hub.challenge=7");
        await fixture.Gateway.Http.GetAsync("/whatsapp/webhook/acme?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=7");

        foreach (var secret in WebhookFixture.AllSecrets) Assert.DoesNotContain(secret, fixture.Gateway.Logs.All);
    }
}
