using Greentic.TestSupport;
using System.Text.Json.Nodes;
using Greentic.Cli.Tests.Infrastructure;

namespace Greentic.Cli.Tests;

/// <summary>The client verbs as a user runs them: processes against a real <c>greentic up</c>, checked by exit code and output.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class CliVerbTests(ControlPlaneFixture controlPlane)
{
    private readonly GreenticCli _cli = new(controlPlane);

    [Fact]
    public async Task Invoke_echo_prints_the_provider_json()
    {
        var result = await _cli.RunAsync("invoke", "echo", "echo", """{"greeting":"hi"}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = JsonNode.Parse(result.Stdout)!;
        Assert.True(output["ok"]!.GetValue<bool>());
        Assert.Equal("hi", output["input"]!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_reads_input_from_a_file_and_reaches_the_sidecar()
    {
        var input = Path.Combine(controlPlane.WorkDir, "send.json");
        await File.WriteAllTextAsync(input, """{"v":1,"provider_type":"messaging.dummy","payload":{"content_type":"text/plain","body_b64":"aGk=","metadata":{}}}""");

        var result = await _cli.RunAsync("invoke", "messaging.dummy", "send_payload", "--input-file", input, "--deadline", "30s");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches("^dummy-[0-9]+$", JsonNode.Parse(result.Stdout)!["message"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_with_a_bad_token_fails_unauthenticated()
    {
        var result = await _cli.RunAsync("invoke", "echo", "echo", "--token", "not-a-jwt");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("UNAUTHENTICATED", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Invoke_for_a_tenant_the_token_does_not_grant_is_permission_denied()
    {
        var result = await _cli.RunAsync("invoke", "echo", "echo", "--tenant", "other");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("PERMISSION_DENIED", result.Stderr);
        Assert.Contains("'other'", result.Stderr);
    }

    [Fact]
    public async Task Invoke_reports_a_provider_failure_with_its_json_and_exit_1()
    {
        var result = await _cli.RunAsync("invoke", "echo", "fail");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.False(JsonNode.Parse(result.Stdout)!["ok"]!.GetValue<bool>());
        Assert.Contains("unavailable: asked to fail", result.Stderr);
    }

    [Fact]
    public async Task Invoke_past_its_deadline_fails_deadline_exceeded()
    {
        var result = await _cli.RunAsync("invoke", "echo", "sleep", """{"ms":20000}""", "--deadline", "300ms");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("DEADLINE_EXCEEDED", result.Stderr);
    }

    [Theory]
    [InlineData("invoke|echo|echo|{not json", "not valid JSON")]
    [InlineData("invoke|echo|echo|--deadline|soon", "--deadline 'soon' is not a duration")]
    [InlineData("invoke|echo|echo|--input-file|/nonexistent/input.json", "'/nonexistent/input.json' does not exist")]
    [InlineData("secrets|set|tests/x", "missing value")]
    [InlineData("invoke|echo|echo|--address|ftp://example", "address 'ftp://example' is not valid")]
    public async Task Bad_arguments_are_usage_errors_with_exit_2(string args, string expected)
    {
        var argv = args.Split('|');
        var result = argv.Contains("--address") ? await _cli.RunRawAsync([.. argv, "--data-dir", controlPlane.DataDir]) : await _cli.RunAsync(argv);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr);
    }

    [Fact]
    public async Task Without_any_token_the_verb_says_where_it_looked_and_exits_2()
    {
        var empty = Directory.CreateDirectory(Path.Combine(controlPlane.WorkDir, "no-token")).FullName;

        var result = await _cli.RunRawAsync(["invoke", "echo", "echo", "--address", controlPlane.GrpcAddress], workingDirectory: empty);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no token", result.Stderr);
        Assert.Contains(Path.Combine(empty, ".greentic", "dev-token.txt"), result.Stderr);
    }

    [Fact]
    public async Task Address_and_token_come_from_the_environment_and_the_environment_beats_the_token_file()
    {
        var env = new Dictionary<string, string> { ["GREENTIC_ADDRESS"] = controlPlane.GrpcAddress, ["GREENTIC_TOKEN"] = controlPlane.Token };
        var ok = await _cli.RunRawAsync(["invoke", "echo", "echo"], env);
        Assert.True(ok.ExitCode == 0, ok.ToString());

        // --data-dir has a valid token file, but GREENTIC_TOKEN wins.
        env["GREENTIC_TOKEN"] = "bad.token.here";
        var bad = await _cli.RunRawAsync(["invoke", "echo", "echo", "--data-dir", controlPlane.DataDir], env);
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains("UNAUTHENTICATED", bad.Stderr);
    }

    [Fact]
    public async Task An_unreachable_control_plane_is_unavailable()
    {
        var result = await _cli.RunRawAsync(["invoke", "echo", "echo", "--address", $"http://127.0.0.1:{FreePort.Next()}", "--token", controlPlane.Token]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("UNAVAILABLE", result.Stderr);
        Assert.Contains("greentic up", result.Stderr);
    }

    [Fact]
    public async Task Routes_lists_the_policy_as_a_table()
    {
        var result = await _cli.RunAsync("routes", "--admin-token", controlPlane.AdminToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        var dummy = Assert.Single(result.Stdout.Split('\n'), l => l.Contains("messaging.dummy", StringComparison.Ordinal));
        Assert.Contains("sidecar", dummy);
        Assert.Contains("unix://" + Path.Combine(controlPlane.DataDir, "sidecar.sock"), dummy);
        var echo = Assert.Single(result.Stdout.Split('\n'), l => l.Contains("│ echo ", StringComparison.Ordinal));
        Assert.Contains("inproc", echo);
        Assert.Contains("2 rules", result.Stdout);
    }

    [Fact]
    public async Task Routes_takes_the_admin_token_from_ADMIN_TOKEN()
    {
        var env = new Dictionary<string, string> { ["ADMIN_TOKEN"] = controlPlane.AdminToken };

        var result = await _cli.RunRawAsync(["routes", "--address", controlPlane.GrpcAddress], env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("messaging.dummy", result.Stdout);
    }

    [Fact]
    public async Task Routes_with_a_wrong_admin_token_is_unauthenticated_and_does_not_echo_it()
    {
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");

        var result = await _cli.RunAsync("routes", "--admin-token", wrong);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("UNAUTHENTICATED", result.Stderr);
        Assert.DoesNotContain(wrong, result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Routes_without_an_admin_token_says_which_one_is_needed()
    {
        var result = await _cli.RunAsync("routes");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("UNAUTHENTICATED", result.Stderr);
        Assert.Contains("ADMIN_TOKEN", result.Stderr);
    }
}
