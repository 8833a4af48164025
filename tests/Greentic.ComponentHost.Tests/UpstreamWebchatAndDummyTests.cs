using Greentic.TestSupport;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

/// <summary>The real upstream webchat and dummy components describe, answer healthchecks and invoke.</summary>
public sealed class UpstreamWebchatAndDummyTests
{
    [Theory]
    [InlineData("messaging-provider-webchat", "messaging-provider-webchat")]
    [InlineData("messaging-provider-dummy", "messaging-provider-dummy")]
    public void Describe_and_healthcheck(string component, string provider)
    {
        using var engine = new ComponentEngine();
        using var loaded = engine.LoadUpstream(component);
        Assert.Equal(provider, (string?)Calls.Json(loaded.Describe(Calls.Context()))["provider"]);
        Assert.Equal("healthy", (string?)Calls.Json(loaded.Healthcheck(Calls.Context()))["status"]);
    }

    [Fact]
    public void Dummy_run_answers_and_an_unknown_op_is_a_json_error_not_a_failure()
    {
        using var engine = new ComponentEngine();
        using var dummy = engine.LoadUpstream("messaging-provider-dummy");
        var run = Calls.Json(dummy.Invoke(Calls.Context(), "run", Encoding.UTF8.GetBytes("{\"message\":\"hi\"}")));
        Assert.True((bool?)run["ok"], run.ToJsonString());
        var unknown = Calls.Json(dummy.Invoke(Calls.Context(), "send", Encoding.UTF8.GetBytes("{}")));
        Assert.False((bool?)unknown["ok"]);
        Assert.Contains("unsupported op", (string?)unknown["error"]);
    }

    [Fact]
    public void Webchat_render_plan_produces_a_plan()
    {
        using var engine = new ComponentEngine();
        using var webchat = engine.LoadUpstream("messaging-provider-webchat");
        var message = new JsonObject
        {
            ["id"] = "m1",
            ["tenant"] = new JsonObject { ["env"] = "dev", ["tenant"] = "acme", ["tenant_id"] = "acme", ["attempt"] = 0 },
            ["channel"] = "webchat",
            ["session_id"] = "conv-1",
            ["to"] = new JsonArray(),
            ["text"] = "hello webchat",
            ["attachments"] = new JsonArray(),
            ["metadata"] = new JsonObject(),
        };
        var plan = Calls.Json(webchat.Invoke(Calls.Context(), "render_plan",
            Encoding.UTF8.GetBytes(new JsonObject { ["v"] = 1, ["message"] = message }.ToJsonString())));
        Assert.True((bool?)plan["ok"], plan.ToJsonString());
        Assert.Contains("hello webchat", (string?)plan["plan"]!["plan_json"]);
    }
}
