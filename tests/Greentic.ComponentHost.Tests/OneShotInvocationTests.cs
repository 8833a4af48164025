using Greentic.TestSupport;
using System.Text.Json.Nodes;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

public sealed class OneShotInvocationTests
{
    [Fact]
    public void Invoke_merges_config_into_the_input_and_exits_0()
    {
        var dir = Directory.CreateTempSubdirectory("oneshot");
        File.WriteAllText(Path.Combine(dir.FullName, "config.json"), "{\"region\":\"eu\"}");
        var result = OneShotInvocation.Run(new OneShotOptions
        {
            ComponentPath = SampleComponents.Path("echo"),
            Operation = "echo",
            Input = "{\"text\":\"hi\",\"config\":{\"old\":true}}",
            Config = "@" + Path.Combine(dir.FullName, "config.json"),
        });
        Assert.Equal(OneShotResult.Answered, result.ExitCode);
        var output = JsonNode.Parse(result.OutputJson!)!;
        Assert.Equal("hi", (string?)output["input"]!["text"]);
        Assert.Equal("eu", (string?)output["input"]!["config"]!["region"]);
        Assert.Null(output["input"]!["config"]!["old"]);
    }

    [Fact]
    public void Merging_config_keeps_text_as_written()
    {
        // The merge re-serializes the input: non-ASCII, '<', '>' and '\'' must reach the component as they were written.
        var result = OneShotInvocation.Run(new OneShotOptions
        {
            ComponentPath = SampleComponents.Path("echo"),
            Operation = "echo",
            Input = "{\"text\":\"héllo <b> it's\"}",
            Config = "{\"greeting\":\"grüß\"}",
        });
        Assert.Equal(OneShotResult.Answered, result.ExitCode);
        Assert.Contains("héllo <b> it's", result.OutputJson);
        Assert.Contains("grüß", result.OutputJson);
        Assert.DoesNotContain("\\u00", result.OutputJson);
    }

    [Fact]
    public void An_answer_with_ok_false_still_exits_0()
    {
        var result = OneShotInvocation.Run(new OneShotOptions { ComponentPath = SampleComponents.Path("echo"), Operation = "fail" });
        Assert.Equal(OneShotResult.Answered, result.ExitCode);
        Assert.False((bool?)JsonNode.Parse(result.OutputJson!)!["ok"]);
    }

    [Fact]
    public void Describe_prints_the_description()
    {
        var result = OneShotInvocation.Run(new OneShotOptions { ComponentPath = RepoPaths.UpstreamComponent("messaging-provider-dummy"), Call = OneShotCall.Describe });
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("messaging-provider-dummy", (string?)JsonNode.Parse(result.OutputJson!)!["provider"]);
    }

    [Fact]
    public void Trap_and_timeout_exit_1_with_the_kind()
    {
        var trap = OneShotInvocation.Run(new OneShotOptions { ComponentPath = SampleComponents.Path("hostile"), Operation = "trap" });
        Assert.Equal((1, ComponentErrorKind.Trap), (trap.ExitCode, trap.ErrorKind));
        var loop = OneShotInvocation.Run(new OneShotOptions
        {
            ComponentPath = SampleComponents.Path("hostile"), Operation = "loop", Timeout = TimeSpan.FromMilliseconds(300),
        });
        Assert.Equal((1, ComponentErrorKind.DeadlineExceeded), (loop.ExitCode, loop.ErrorKind));
    }

    [Fact]
    public async Task Secrets_come_from_the_map_and_egress_is_denied_unless_allowed()
    {
        await using var server = await LoopbackHttpServer.StartAsync((ctx, _) => Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, "hello"));
        var input = $"{{\"secret\":\"TOKEN\",\"state_key\":\"k\",\"state_value\":\"v\",\"url\":\"{server.BaseUri}\"}}";
        var denied = OneShotInvocation.Run(new OneShotOptions
        {
            ComponentPath = SampleComponents.Path("hostio"), Operation = "run", Input = input, Secrets = ["TOKEN=abc=def"],
        });
        Assert.Equal(0, denied.ExitCode);
        var deniedOutput = JsonNode.Parse(denied.OutputJson!)!;
        Assert.Equal("abc=def", (string?)deniedOutput["secret"]!["value"]);
        Assert.Equal("denied", (string?)deniedOutput["http"]!["error"]!["code"]);

        var allowed = OneShotInvocation.Run(new OneShotOptions
        {
            ComponentPath = SampleComponents.Path("hostio"), Operation = "run", Input = input, AllowEgress = [$"127.0.0.1:{server.Port}"],
        });
        Assert.Equal("hello", (string?)JsonNode.Parse(allowed.OutputJson!)!["http"]!["body"]);
    }

    [Theory]
    [InlineData("{not json", null, null, null)]
    [InlineData("[1,2]", null, null, null)]
    [InlineData(null, "@/no/such/file.json", null, null)]
    [InlineData(null, null, "NOEQUALS", null)]
    [InlineData(null, null, null, "example.com")]
    public void Usage_errors_exit_2(string? input, string? config, string? secret, string? egress)
    {
        var result = OneShotInvocation.Run(new OneShotOptions
        {
            ComponentPath = SampleComponents.Path("echo"), Operation = "echo", Input = input, Config = config,
            Secrets = secret is null ? [] : [secret], AllowEgress = egress is null ? [] : [egress],
        });
        Assert.Equal(OneShotResult.UsageError, result.ExitCode);
        Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
    }

    [Fact]
    public void A_missing_component_file_or_op_is_a_usage_error()
    {
        Assert.Equal(2, OneShotInvocation.Run(new OneShotOptions { ComponentPath = "/no/such.wasm", Operation = "x" }).ExitCode);
        Assert.Equal(2, OneShotInvocation.Run(new OneShotOptions { ComponentPath = SampleComponents.Path("echo") }).ExitCode);
    }

    [Theory]
    [InlineData("5s", 5000)]
    [InlineData("250ms", 250)]
    [InlineData("2m", 120000)]
    [InlineData("3", 3000)]
    public void Timeouts_parse(string text, int ms)
    {
        Assert.True(OneShotOptions.TryParseTimeout(text, out var timeout));
        Assert.Equal(ms, (int)timeout.TotalMilliseconds);
        Assert.False(OneShotOptions.TryParseTimeout("soon", out _));
    }
}
