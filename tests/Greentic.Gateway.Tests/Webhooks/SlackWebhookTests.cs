using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Greentic.Gateway.Tests.Support;

namespace Greentic.Gateway.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class SlackWebhookTests(WebhookFixture fixture)
{
    private long Now => fixture.Gateway.Time.GetUtcNow().ToUnixTimeSeconds();

    private Task<HttpResponseMessage> PostEvent(string body, long? timestamp = null, string? signature = null, string secret = WebhookFixture.SlackSecret)
    {
        var ts = timestamp ?? Now;
        return fixture.Gateway.Http.SendAsync(WebhookFixture.Json(HttpMethod.Post, "/slack/events/acme", body,
            ("X-Slack-Request-Timestamp", ts.ToString()), ("X-Slack-Signature", signature ?? WebhookFixture.SlackSignature(secret, ts, body))));
    }

    [Fact]
    public async Task A_signed_event_callback_is_dispatched_with_the_thread_as_session_anchor()
    {
        var response = await PostEvent(PlatformPayloads.SlackEventCallback("EvSLACK0001"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("EvSLACK0001"));
        Assert.Equal("messaging.slack.api", invoke.ProviderType);
        Assert.Equal("acme:messaging.slack.api:1355517500.000001:U123ABC456", invoke.Ctx.SessionId);
        Assert.Equal("events", WebhookFixture.JsonOf(invoke.InputJson).GetProperty("route").GetString());
        // The signature headers are not secrets: the provider may check them again.
        Assert.Contains(WebhookFixture.JsonOf(invoke.InputJson).GetProperty("headers").EnumerateArray(), h => h[0].GetString() == "x-slack-signature");
    }

    [Fact]
    public async Task Without_a_thread_the_channel_anchors_the_session()
    {
        await PostEvent(PlatformPayloads.SlackEventCallback("EvSLACK0002", threadTs: null));

        Assert.Equal("acme:messaging.slack.api:C123ABC456:U123ABC456", Assert.Single(fixture.InvokesFor("EvSLACK0002")).Ctx.SessionId);
    }

    [Fact]
    public async Task Url_verification_is_answered_with_the_challenge_and_not_dispatched()
    {
        var response = await PostEvent(PlatformPayloads.SlackUrlVerification);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", json.RootElement.GetProperty("challenge").GetString());
        Assert.Empty(fixture.InvokesFor("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    }

    [Fact]
    public async Task An_unsigned_url_verification_is_refused()
    {
        var response = await PostEvent(PlatformPayloads.SlackUrlVerification, signature: "v0=" + new string('0', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("not-the-signing-secret")]
    [InlineData("8f742231b10e8888abcd99yyyzzz85a")]
    public async Task A_signature_made_with_another_secret_is_refused(string secret)
    {
        var response = await PostEvent(PlatformPayloads.SlackEventCallback($"EvFORGED{secret.Length}"), secret: secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(fixture.InvokesFor($"EvFORGED{secret.Length}"));
    }

    [Fact]
    public async Task A_body_changed_after_signing_is_refused()
    {
        var ts = Now;
        var signed = PlatformPayloads.SlackEventCallback("EvTAMPER01");
        var tampered = signed.Replace("Hello", "Hullo");
        var response = await PostEvent(tampered, ts, WebhookFixture.SlackSignature(WebhookFixture.SlackSecret, ts, signed));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(fixture.InvokesFor("EvTAMPER01"));
    }

    [Fact]
    public async Task A_correctly_signed_request_outside_the_five_minute_window_is_refused_as_stale()
    {
        var stale = Now - 301;
        var response = await PostEvent(PlatformPayloads.SlackEventCallback("EvSTALE001"), stale);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("replay window", await response.Content.ReadAsStringAsync());
        Assert.Empty(fixture.InvokesFor("EvSTALE001"));
    }

    [Fact]
    public async Task A_request_replayed_after_the_clock_moved_past_the_window_is_refused()
    {
        var ts = Now;
        var body = PlatformPayloads.SlackEventCallback("EvREPLAY01");
        var signature = WebhookFixture.SlackSignature(WebhookFixture.SlackSecret, ts, body);
        Assert.Equal(HttpStatusCode.OK, (await PostEvent(body, ts, signature)).StatusCode);

        fixture.Gateway.Time.Advance(TimeSpan.FromMinutes(6));
        try
        {
            var replay = await PostEvent(body, ts, signature);
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        }
        finally
        {
            fixture.Gateway.Time.Advance(TimeSpan.FromMinutes(-6));
        }
        Assert.Single(fixture.InvokesFor("EvREPLAY01"));
    }

    [Fact]
    public async Task A_retried_event_is_dispatched_once()
    {
        var body = PlatformPayloads.SlackEventCallback("EvRETRY001");
        Assert.Equal(HttpStatusCode.OK, (await PostEvent(body)).StatusCode);
        var retry = WebhookFixture.Json(HttpMethod.Post, "/slack/events/acme", body);
        var ts = Now;
        retry.Headers.Add("X-Slack-Request-Timestamp", ts.ToString());
        retry.Headers.Add("X-Slack-Signature", WebhookFixture.SlackSignature(WebhookFixture.SlackSecret, ts, body));
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_timeout");

        var response = await fixture.Gateway.Http.SendAsync(retry);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(fixture.InvokesFor("EvRETRY001"));
    }

    [Fact]
    public async Task An_interactive_payload_is_verified_form_decoded_and_normalised()
    {
        var body = "payload=" + Uri.EscapeDataString(PlatformPayloads.SlackBlockActions);
        var ts = Now;
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/interactive/acme") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString());
        request.Headers.Add("X-Slack-Signature", WebhookFixture.SlackSignature(WebhookFixture.SlackSecret, ts, body));

        var response = await fixture.Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("12466734323.1395872398"));
        Assert.Equal("interactive", WebhookFixture.JsonOf(invoke.InputJson).GetProperty("route").GetString());
        Assert.Equal("acme:messaging.slack.api:1548261200.000100:U0CA5", invoke.Ctx.SessionId);
    }

    [Fact]
    public async Task Malformed_JSON_that_is_correctly_signed_gets_400()
    {
        var response = await PostEvent("{\"type\":\"event_callback\",");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync());
    }
}
