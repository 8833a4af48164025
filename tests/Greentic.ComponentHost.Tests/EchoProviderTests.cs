using Greentic.TestSupport;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

public sealed class EchoProviderTests
{
    [Fact]
    public void Describe_healthcheck_and_validate_answer_with_json()
    {
        using var engine = new ComponentEngine();
        using var echo = engine.LoadSample("echo");
        var described = Calls.Json(echo.Describe(Calls.Context()));
        Assert.Equal("greentic.sample.echo", (string?)described["provider_type"]);
        Assert.Contains("echo", described["ops"]!.AsArray().Select(o => (string?)o));
        Assert.Equal("ok", (string?)Calls.Json(echo.Healthcheck(Calls.Context()))["status"]);
        Assert.True((bool?)Calls.Json(echo.ValidateConfig(Calls.Context(), Calls.Utf8("{\"a\":1}")))["valid"]);
        Assert.False((bool?)Calls.Json(echo.ValidateConfig(Calls.Context(), Calls.Utf8("[]")))["valid"]);
    }

    [Fact]
    public void Invoke_echoes_op_and_input()
    {
        using var engine = new ComponentEngine();
        using var echo = engine.LoadSample("echo");
        var output = Calls.Json(echo.Invoke(Calls.Context(), "echo", Calls.Utf8("{\"text\":\"héllo €\",\"n\":[1,2]}")));
        Assert.True((bool?)output["ok"]);
        Assert.Equal("echo", (string?)output["op"]);
        Assert.Equal("héllo €", (string?)output["input"]!["text"]);
        Assert.Equal(2, output["input"]!["n"]!.AsArray().Count);
    }

    [Fact]
    public void A_failing_op_answers_with_a_retryable_node_error()
    {
        using var engine = new ComponentEngine();
        using var echo = engine.LoadSample("echo");
        var output = Calls.Json(echo.Invoke(Calls.Context(), "fail", Calls.Utf8("{}")));
        Assert.False((bool?)output["ok"]);
        Assert.Equal("unavailable", (string?)output["error"]!["code"]);
        Assert.True((bool?)output["error"]!["retryable"]);
        Assert.Equal(250, (int?)output["error"]!["backoff_ms"]);
    }

    [Fact]
    public void A_wasi_using_component_runs_on_fresh_stores_and_its_output_reaches_the_log_with_tenant_tags()
    {
        using var engine = new ComponentEngine();
        using var echo = engine.LoadSample("echo");
        for (var i = 0; i < 3; i++)
        {
            var logger = new CapturingLogger();
            var output = Calls.Json(echo.Invoke(Calls.Context(logger), "log", Calls.Utf8("{}")));
            Assert.True((bool?)output["ok"]);
            Assert.Contains(logger.Messages, m => m.Contains("dev/acme/ops") && m.Contains("echo says hello on stdout"));
            Assert.Contains(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("echo says hello on stderr"));
        }
        var clock = Calls.Json(echo.Invoke(Calls.Context(), "clock", Calls.Utf8("{}")));
        Assert.True((long?)clock["unix_seconds"] > 1_600_000_000);
    }
}
