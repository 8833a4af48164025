using Greentic.TestSupport;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

/// <summary>The real upstream telegram component (../shared/upstream) against a fake Bot API on loopback.</summary>
public sealed class UpstreamTelegramTests
{
    private static ISecretsAccess TokenSecret() =>
        new DictionarySecrets(new Dictionary<string, string> { ["TELEGRAM_BOT_TOKEN"] = FakeTelegramBotApi.Token });

    private static JsonObject Envelope(string text) => new()
    {
        ["id"] = "msg_egress_1",
        ["tenant"] = new JsonObject { ["env"] = "dev", ["tenant"] = "acme", ["tenant_id"] = "acme", ["attempt"] = 0 },
        ["channel"] = "telegram",
        ["session_id"] = "4242",
        ["to"] = new JsonArray(new JsonObject { ["id"] = "4242", ["kind"] = "chat" }),
        ["text"] = text,
        ["attachments"] = new JsonArray(),
        ["metadata"] = new JsonObject(),
    };

    [Fact]
    public async Task Send_posts_sendMessage_with_the_token_from_the_secrets_store()
    {
        await using var api = await FakeTelegramBotApi.StartAsync();
        using var engine = new ComponentEngine();
        using var telegram = engine.LoadUpstream("messaging-provider-telegram");
        using var egress = new HttpClientEgress(new HostPortAllowList([$"127.0.0.1:{api.Port}"]));
        var fixture = UpstreamPack.Fixture("messaging-telegram", "egress.request.json");
        var input = new JsonObject
        {
            ["config"] = new JsonObject { ["public_base_url"] = "https://greentic.example", ["api_base_url"] = api.BaseUri.ToString().TrimEnd('/') },
            ["text"] = (string?)fixture["message"]!["text"],
            ["chat_id"] = "4242",
        };

        var output = Calls.Json(telegram.Invoke(Calls.Context(secrets: TokenSecret(), http: egress), "send", Encoding.UTF8.GetBytes(input.ToJsonString())));

        Assert.True((bool?)output["ok"], output.ToJsonString());
        Assert.Equal("sent", (string?)output["status"]);
        var seen = Assert.Single(api.Requests);
        Assert.Equal(("POST", $"/bot{FakeTelegramBotApi.Token}/sendMessage"), (seen.Method, seen.Path));
        Assert.StartsWith("application/json", seen.Headers["content-type"]);
        var body = JsonNode.Parse(seen.Body)!;
        Assert.Equal("4242", body["chat_id"]!.ToString());
        Assert.Equal("hello from egress", (string?)body["text"]);
        Assert.Equal("101", output["message_id"]!.ToString());
    }

    [Fact]
    public async Task Render_plan_then_encode_then_send_payload_reaches_the_bot_api()
    {
        await using var api = await FakeTelegramBotApi.StartTlsAsync();
        using var engine = new ComponentEngine();
        using var telegram = engine.LoadUpstream("messaging-provider-telegram");
        // send_payload posts to the real Bot API URL; the egress transport resolves api.telegram.org to the fake.
        using var egress = new HttpClientEgress(new HostPortAllowList(["api.telegram.org:443"]), handler: api.Handler());
        var context = Calls.Context(secrets: TokenSecret(), http: egress);
        var message = Envelope("hello through the plan");

        var plan = Calls.Json(telegram.Invoke(context, "render_plan", Encoding.UTF8.GetBytes(new JsonObject { ["v"] = 1, ["message"] = message.DeepClone() }.ToJsonString())));
        Assert.True((bool?)plan["ok"], plan.ToJsonString());
        var planJson = JsonNode.Parse((string)plan["plan"]!["plan_json"]!)!;
        Assert.Equal("TierD", (string?)planJson["tier"]);

        var encoded = Calls.Json(telegram.Invoke(context, "encode", Encoding.UTF8.GetBytes(
            new JsonObject { ["v"] = 1, ["message"] = message.DeepClone(), ["plan"] = plan.DeepClone() }.ToJsonString())));
        Assert.True((bool?)encoded["ok"], encoded.ToJsonString());

        var sent = Calls.Json(telegram.Invoke(context, "send_payload", Encoding.UTF8.GetBytes(new JsonObject
        {
            ["v"] = 1,
            ["provider_type"] = "messaging.telegram.bot",
            ["payload"] = encoded["payload"]!.DeepClone(),
            ["tenant"] = new JsonObject { ["tenant"] = "acme", ["team"] = "ops" },
        }.ToJsonString())));
        Assert.True((bool?)sent["ok"], sent.ToJsonString());
        var seen = Assert.Single(api.Requests);
        Assert.Equal($"/bot{FakeTelegramBotApi.Token}/sendMessage", seen.Path);
        Assert.Equal("hello through the plan", (string?)JsonNode.Parse(seen.Body)!["text"]);
    }

    [Fact]
    public void Ingest_http_turns_a_telegram_update_into_a_channel_message()
    {
        using var engine = new ComponentEngine();
        using var telegram = engine.LoadUpstream("messaging-provider-telegram");
        var update = new JsonObject
        {
            ["update_id"] = 9001,
            ["message"] = new JsonObject
            {
                ["message_id"] = 77,
                ["from"] = new JsonObject { ["id"] = 555, ["is_bot"] = false, ["first_name"] = "Ada" },
                ["chat"] = new JsonObject { ["id"] = 4242, ["type"] = "private" },
                ["date"] = 1_700_000_000,
                ["text"] = (string?)UpstreamPack.Fixture("messaging-telegram", "ingress.expected.message.json")["message"]!["text"],
            },
        };
        var httpIn = new JsonObject
        {
            ["v"] = 1,
            ["provider"] = "messaging.telegram.bot",
            ["method"] = "POST",
            ["path"] = "/messaging/telegram/webhook",
            ["query"] = new JsonArray(),
            ["headers"] = new JsonArray(new JsonArray("content-type", "application/json")),
            ["body_b64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(update.ToJsonString())),
        };

        var output = Calls.Json(telegram.Invoke(Calls.Context(), "ingest_http", Encoding.UTF8.GetBytes(httpIn.ToJsonString())));

        Assert.Equal(200, (int?)output["status"]);
        var envelope = Assert.Single(output["events"]!.AsArray())!;
        Assert.Equal("hello from ingress", (string?)envelope["text"]);
        Assert.Equal("telegram", (string?)envelope["channel"]);
        Assert.Equal("4242", (string?)envelope["session_id"]);
        Assert.Equal("555", (string?)envelope["from"]!["id"]);
        Assert.Equal("4242", (string?)envelope["to"]![0]!["id"]);
    }

    [Fact]
    public async Task Egress_to_a_host_not_allowed_is_refused_and_the_component_reports_a_host_error()
    {
        await using var api = await FakeTelegramBotApi.StartAsync();
        using var engine = new ComponentEngine();
        using var telegram = engine.LoadUpstream("messaging-provider-telegram");
        using var egress = new HttpClientEgress(new HostPortAllowList(["api.telegram.org:443"]));
        var input = new JsonObject
        {
            ["config"] = new JsonObject { ["public_base_url"] = "https://greentic.example", ["api_base_url"] = api.BaseUri.ToString().TrimEnd('/') },
            ["text"] = "should not leave",
            ["chat_id"] = "4242",
        };

        var output = Calls.Json(telegram.Invoke(Calls.Context(secrets: TokenSecret(), http: egress, timeout: TimeSpan.FromSeconds(30)),
            "send", Encoding.UTF8.GetBytes(input.ToJsonString())));

        Assert.False((bool?)output["ok"]);
        Assert.Contains("not allowed", output["error"]!.ToJsonString());
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void Describe_lists_the_ops_and_the_pack_fixture_requirements_match()
    {
        using var engine = new ComponentEngine();
        using var telegram = engine.LoadUpstream("messaging-provider-telegram");
        var described = Calls.Json(telegram.Describe(Calls.Context()));
        var ops = described["operations"]!.AsArray().Select(o => (string?)o!["name"]).ToList();
        Assert.Superset(new HashSet<string?> { "send", "reply", "ingest_http", "render_plan", "encode", "send_payload" }, ops.ToHashSet());
        Assert.Equal("healthy", (string?)Calls.Json(telegram.Healthcheck(Calls.Context()))["status"]);
        var requirements = UpstreamPack.Fixture("messaging-telegram", "requirements.expected.json");
        foreach (var field in requirements["config_required"]!.AsArray())
            Assert.NotNull(described["config_schema"]!["fields"]![(string)field!]);
    }
}
