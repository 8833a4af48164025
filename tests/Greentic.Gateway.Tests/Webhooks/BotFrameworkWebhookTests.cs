using System.Net;
using Greentic.Gateway.Tests.Support;

namespace Greentic.Gateway.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class BotFrameworkWebhookTests(WebhookFixture fixture)
{
    private Task<HttpResponseMessage> Post(string path, string activity, string? token) =>
        fixture.Gateway.Http.SendAsync(token is null
            ? WebhookFixture.Json(HttpMethod.Post, path, activity)
            : WebhookFixture.Json(HttpMethod.Post, path, activity, ("Authorization", $"Bearer {token}")));

    private string Token(string serviceUrl = PlatformPayloads.TeamsServiceUrl, string audience = WebhookFixture.BotAppId, string kid = "k1",
        string issuer = BotFrameworkIssuer.Issuer, DateTime? expires = null) =>
        fixture.BotFramework.Token(audience, serviceUrl, kid, issuer, expires);

    [Fact]
    public async Task A_Teams_message_with_a_valid_connector_token_is_dispatched()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("1485983408511"), Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("1485983408511"));
        Assert.Equal("messaging.teams.bot", invoke.ProviderType);
        Assert.Equal("acme:messaging.teams.bot:a:17I0kl8EkpE1O9PH5TWrzrLqwo:29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw",
            invoke.Ctx.SessionId);
        Assert.DoesNotContain(WebhookFixture.JsonOf(invoke.InputJson).GetProperty("headers").EnumerateArray(), h => h[0].GetString() == "authorization");
    }

    [Fact]
    public async Task A_repeated_activity_is_answered_202_and_not_dispatched_again()
    {
        var activity = PlatformPayloads.BotFrameworkMessage("1485983408522", replyToId: "1485983400000");
        Assert.Equal(HttpStatusCode.OK, (await Post("/teams/activities/acme", activity, Token())).StatusCode);

        var repeat = await Post("/teams/activities/acme", activity, Token());

        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        var invoke = Assert.Single(fixture.InvokesFor("1485983408522"));
        Assert.StartsWith("acme:messaging.teams.bot:1485983400000:", invoke.Ctx.SessionId);
    }

    [Fact]
    public async Task No_token_is_401()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("BF-NOTOKEN"), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(fixture.InvokesFor("BF-NOTOKEN"));
    }

    [Fact]
    public async Task A_token_for_another_bot_is_401()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("BF-AUDIENCE"), Token(audience: "another-bot-app-id"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("audience", await response.Content.ReadAsStringAsync());
        Assert.Empty(fixture.InvokesFor("BF-AUDIENCE"));
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_401()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("BF-ISSUER"), Token(issuer: "https://sts.example.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(fixture.InvokesFor("BF-ISSUER"));
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("BF-EXPIRED"), Token(expires: DateTime.UtcNow.AddMinutes(-10).AddSeconds(1)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_whose_serviceurl_differs_from_the_activity_is_403()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("BF-SERVICEURL"), Token(serviceUrl: "https://evil.example.com/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("serviceurl", await response.Content.ReadAsStringAsync());
        Assert.Empty(fixture.InvokesFor("BF-SERVICEURL"));
    }

    [Fact]
    public async Task A_key_that_does_not_endorse_the_channel_is_403()
    {
        var response = await Post("/teams/activities/acme", PlatformPayloads.BotFrameworkMessage("BF-ENDORSE"), Token(kid: "k2"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("endorse", await response.Content.ReadAsStringAsync());
        Assert.Empty(fixture.InvokesFor("BF-ENDORSE"));
    }

    [Fact]
    public async Task WebChat_without_an_ingest_http_binding_publishes_the_canonical_envelope_and_acknowledges_202()
    {
        var activity = PlatformPayloads.BotFrameworkMessage("WEBCHAT-0001", channelId: "webchat", serviceUrl: "https://webchat.botframework.com/");
        var response = await Post("/webchat/activities/acme", activity, Token(serviceUrl: "https://webchat.botframework.com/"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(fixture.InvokesFor("WEBCHAT-0001"));
        var published = Assert.Single(fixture.EventsFor("activity-WEBCHAT-0001"));
        Assert.Equal("greentic.messaging.canonical-envelope.v1", published.Type);
        var envelope = WebhookFixture.JsonOf(published.PayloadJson);
        Assert.Equal("acme", envelope.GetProperty("tenant").GetString());
        Assert.Equal("messaging.webchat", envelope.GetProperty("provider").GetString());
        Assert.Equal("Hello bot", envelope.GetProperty("text").GetString());
        Assert.Equal("en-US", envelope.GetProperty("locale").GetString());
        Assert.Equal("a:17I0kl8EkpE1O9PH5TWrzrLqwo", envelope.GetProperty("provider_ids").GetProperty("conversation_id").GetString());
        Assert.Equal(published.Subject, envelope.GetProperty("session").GetProperty("key").GetString());
        Assert.False(envelope.GetProperty("metadata").GetProperty("raw_headers").TryGetProperty("authorization", out _));
    }
}
