using System.Net;
using Greentic.Gateway.Tests.Support;

namespace Greentic.Gateway.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WhatsAppAndWebexWebhookTests(WebhookFixture fixture)
{
    [Fact]
    public async Task WhatsApp_subscription_handshake_echoes_the_challenge_for_the_right_verify_token()
    {
        var response = await fixture.Gateway.Http.GetAsync(
            $"/whatsapp/webhook/acme?hub.mode=subscribe&hub.verify_token={WebhookFixture.WhatsAppVerifyToken}&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhatsApp_subscription_handshake_with_a_wrong_verify_token_gets_403()
    {
        var response = await fixture.Gateway.Http.GetAsync("/whatsapp/webhook/acme?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_WhatsApp_messages_change_is_dispatched_with_the_sender_as_session()
    {
        var body = PlatformPayloads.WhatsAppMessages("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
        var response = await fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/whatsapp/webhook/acme", body,
            ("X-Hub-Signature-256", WebhookFixture.HubSignature(WebhookFixture.WhatsAppAppSecret, body))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="));
        Assert.Equal("messaging.whatsapp.cloud", invoke.ProviderType);
        Assert.Equal("acme:messaging.whatsapp.cloud:16505551234:16505551234", invoke.Ctx.SessionId);
    }

    [Fact]
    public async Task A_WhatsApp_notification_with_a_bad_or_missing_signature_is_refused()
    {
        var body = PlatformPayloads.WhatsAppMessages("wamid.FORGED1");
        var forged = await fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/whatsapp/webhook/acme", body,
            ("X-Hub-Signature-256", WebhookFixture.HubSignature("someone-elses-secret", body))));
        var unsigned = await fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/whatsapp/webhook/acme", body));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Empty(fixture.InvokesFor("wamid.FORGED1"));
    }

    [Fact]
    public async Task A_repeated_WhatsApp_message_is_dispatched_once()
    {
        var body = PlatformPayloads.WhatsAppMessages("wamid.REPEAT1");
        for (var i = 0; i < 2; i++)
        {
            var response = await fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/whatsapp/webhook/acme", body,
                ("X-Hub-Signature-256", WebhookFixture.HubSignature(WebhookFixture.WhatsAppAppSecret, body))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Single(fixture.InvokesFor("wamid.REPEAT1"));
    }

    [Fact]
    public async Task A_signed_Webex_notification_is_dispatched_with_the_room_as_session()
    {
        var body = PlatformPayloads.WebexMessageCreated("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk");
        var response = await fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/webex/webhook/acme", body,
            ("X-Spark-Signature", WebhookFixture.SparkSignature(WebhookFixture.WebexSecret, body))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk"));
        Assert.StartsWith("acme:messaging.webex.bot:Y2lzY29zcGFyazovL3VzL1JPT00v", invoke.Ctx.SessionId);
    }

    [Fact]
    public async Task A_Webex_notification_with_a_wrong_signature_is_refused()
    {
        var body = PlatformPayloads.WebexMessageCreated("WEBEXFORGED1");
        var response = await fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/webex/webhook/acme", body,
            ("X-Spark-Signature", WebhookFixture.SparkSignature("wrong", body))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(fixture.InvokesFor("WEBEXFORGED1"));
    }
}
