using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Components;

/// <summary>
/// Providers declared by a tenant's packs run as Wasm components inside the control plane, reached through
/// ProviderService like any other binding: the default in-process route, the tenant scoping of every host import,
/// the status each component failure maps to, and the process surviving hostile components.
/// </summary>
[Collection(WasmControlPlaneCollection.Name)]
public sealed class InProcComponentTests(WasmControlPlane cp)
{
    [Fact]
    public async Task A_pack_declared_provider_runs_in_process_through_its_default_route()
    {
        var described = await DescribeAsync("acme", "sample.echo");
        Assert.Equal("greentic.sample.echo", (string?)described["provider_type"]);

        var output = await InvokeAsync("acme", "sample.echo", "echo", """{"text":"héllo <b>"}""");

        Assert.True((bool?)output["ok"], output.ToJsonString());
        Assert.Equal("héllo <b>", (string?)output["input"]!["text"]);
    }

    [Fact]
    public async Task A_provider_only_another_tenants_packs_declare_has_no_route()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync("globex", "sample.hostio", "secret", """{"secret":"hostio_token"}"""));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("load a pack that declares the provider", e.Status.Detail);
    }

    [Fact]
    public async Task Host_imports_are_scoped_to_the_calls_tenant_and_the_packs_secret_requirements()
    {
        var allowed = await InvokeAsync("acme", "sample.hostio", "secret", $$"""{"secret":"{{WasmControlPlane.HostioSecret}}"}""");
        var outside = await InvokeAsync("acme", "sample.hostio", "secret", """{"secret":"not_allowed"}""");
        var state = await InvokeAsync("acme", "sample.hostio", "state", """{"state_key":"k1","state_value":"v1"}""");

        Assert.Contains(WasmControlPlane.HostioSecretValue, allowed.ToJsonString());
        Assert.Contains("denied", outside.ToJsonString());
        Assert.DoesNotContain("outside", outside.ToJsonString());
        Assert.Contains("v1", state.ToJsonString());
    }

    [Fact]
    public async Task Egress_follows_the_tenants_network_policy()
    {
        var url = new Uri(cp.BotApi.BaseUri, "/health").ToString();
        var output = await InvokeAsync("acme", "sample.hostio", "http", $$"""{"url":"{{url}}"}""");
        var denied = await InvokeAsync("acme", "sample.hostio", "http", """{"url":"http://192.0.2.1:9/x"}""");

        Assert.DoesNotContain("denied", output.ToJsonString());
        Assert.Contains("denied", denied.ToJsonString());
        Assert.Contains("network policy", denied.ToJsonString());
    }

    [Theory]
    [InlineData("trap", StatusCode.Internal)]
    [InlineData("grow", StatusCode.ResourceExhausted)]
    [InlineData("recurse", StatusCode.ResourceExhausted)]
    [InlineData("big", StatusCode.ResourceExhausted)]
    public async Task A_hostile_component_fails_with_the_status_of_its_failure_and_the_next_call_works(string op, StatusCode expected)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync("acme", "sample.hostile", op, "{}"));

        Assert.Equal(expected, e.StatusCode);
        Assert.Contains("component 'hostile'", e.Status.Detail);
        Assert.True((bool?)(await InvokeAsync("acme", "sample.hostile", "ok", "{}"))["ok"]);
    }

    [Fact]
    public async Task An_endless_component_is_stopped_at_the_callers_deadline()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync("acme", "sample.hostile", "loop", "{}", TimeSpan.FromSeconds(2)));

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.True((bool?)(await InvokeAsync("acme", "sample.hostile", "ok", "{}"))["ok"]);
    }

    [Fact]
    public async Task Upstream_telegram_sends_through_the_bot_api_with_the_tenants_token()
    {
        var before = cp.BotApi.Requests.Count;
        var input = new JsonObject
        {
            ["config"] = new JsonObject { ["public_base_url"] = "https://greentic.example", ["api_base_url"] = cp.BotApi.BaseUri.ToString().TrimEnd('/') },
            ["text"] = "hello from the control plane",
            ["chat_id"] = "4242",
        };

        var output = await InvokeAsync("acme", "messaging.telegram.bot", "send", input.ToJsonString());

        Assert.True((bool?)output["ok"], output.ToJsonString());
        var seen = cp.BotApi.Requests.Skip(before).Single();
        Assert.Equal(("POST", $"/bot{FakeTelegramBotApi.Token}/sendMessage"), (seen.Method, seen.Path));
        Assert.Equal("hello from the control plane", (string?)JsonNode.Parse(seen.Body)!["text"]);
    }

    [Fact]
    public async Task Upstream_telegram_renders_encodes_and_sends_a_payload()
    {
        var before = cp.TlsBotApi.Requests.Count;
        var message = new JsonObject
        {
            ["id"] = "m1", ["tenant"] = new JsonObject { ["env"] = "dev", ["tenant"] = "acme", ["tenant_id"] = "acme", ["attempt"] = 0 },
            ["channel"] = "telegram", ["session_id"] = "4242", ["to"] = new JsonArray(new JsonObject { ["id"] = "4242", ["kind"] = "chat" }),
            ["text"] = "through the plan", ["attachments"] = new JsonArray(), ["metadata"] = new JsonObject(),
        };

        var plan = await InvokeAsync("acme", "messaging.telegram.bot", "render_plan", new JsonObject { ["v"] = 1, ["message"] = message.DeepClone() }.ToJsonString());
        var encoded = await InvokeAsync("acme", "messaging.telegram.bot", "encode",
            new JsonObject { ["v"] = 1, ["message"] = message.DeepClone(), ["plan"] = plan.DeepClone() }.ToJsonString());
        var sent = await InvokeAsync("acme", "messaging.telegram.bot", "send_payload", new JsonObject
        {
            ["v"] = 1, ["provider_type"] = "messaging.telegram.bot", ["payload"] = encoded["payload"]!.DeepClone(),
            ["tenant"] = new JsonObject { ["tenant"] = "acme" },
        }.ToJsonString());

        Assert.True((bool?)sent["ok"], $"{plan.ToJsonString()}\n{encoded.ToJsonString()}\n{sent.ToJsonString()}");
        var seen = cp.TlsBotApi.Requests.Skip(before).Single();
        Assert.Equal($"/bot{FakeTelegramBotApi.Token}/sendMessage", seen.Path);
        Assert.Equal("through the plan", (string?)JsonNode.Parse(seen.Body)!["text"]);
    }

    [Fact]
    public async Task Upstream_telegram_turns_an_update_into_a_channel_message()
    {
        var update = """{"update_id":1,"message":{"message_id":7,"from":{"id":555,"is_bot":false,"first_name":"Ada"},"chat":{"id":4242,"type":"private"},"date":1700000000,"text":"ping"}}""";
        var httpIn = new JsonObject
        {
            ["v"] = 1, ["provider"] = "messaging.telegram.bot", ["method"] = "POST", ["path"] = "/messaging/telegram/webhook",
            ["query"] = new JsonArray(), ["headers"] = new JsonArray(new JsonArray("content-type", "application/json")),
            ["body_b64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(update)),
        };

        var output = await InvokeAsync("acme", "messaging.telegram.bot", "ingest_http", httpIn.ToJsonString());

        Assert.Equal(200, (int?)output["status"]);
        var message = Assert.Single(output["events"]!.AsArray())!;
        Assert.Equal("ping", (string?)message["text"]);
        Assert.Equal("4242", (string?)message["session_id"]);
    }

    private async Task<JsonNode> InvokeAsync(string tenant, string provider, string op, string input, TimeSpan? deadline = null)
    {
        using var channel = cp.Channel();
        var response = await new ProviderService.ProviderServiceClient(channel.Invoker).InvokeAsync(
            new InvokeRequest { Ctx = new TenantCtx { Tenant = tenant }, ProviderType = provider, Op = op, InputJson = ByteString.CopyFromUtf8(input) },
            cp.BearerFor(tenant), DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60)));
        return JsonNode.Parse(response.OutputJson.Span)!;
    }

    private async Task<JsonNode> DescribeAsync(string tenant, string provider)
    {
        using var channel = cp.Channel();
        var response = await new ProviderService.ProviderServiceClient(channel.Invoker).DescribeAsync(
            new DescribeRequest { Ctx = new TenantCtx { Tenant = tenant }, ProviderType = provider }, cp.BearerFor(tenant), DateTime.UtcNow.AddSeconds(60));
        return JsonNode.Parse(response.DescribeJson.Span)!;
    }
}
