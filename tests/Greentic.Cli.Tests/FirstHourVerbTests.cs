using System.Text.Json.Nodes;
using Greentic.Cli.Tests.Infrastructure;
using Greentic.TestSupport;

namespace Greentic.Cli.Tests;

/// <summary>What a new user meets in the first hour with the client verbs, against a real <c>greentic up</c>.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class FirstHourVerbTests(ControlPlaneFixture controlPlane)
{
    private const string Unusual = "héllo <b> it's ünïcödé & \"quoted\"";
    private readonly GreenticCli _cli = new(controlPlane);

    [Fact]
    public async Task Json_output_keeps_non_ascii_and_html_characters_as_written()
    {
        var input = new JsonObject { ["text"] = Unusual }.ToJsonString(Greentic.Json.GreenticJson.Options);

        var result = await _cli.RunAsync("invoke", "echo", "echo", input);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("héllo <b> it's ünïcödé & \\\"quoted\\\"", result.Stdout);
        Assert.DoesNotContain("\\u00", result.Stdout);
        Assert.DoesNotContain("\\u003C", result.Stdout);
        Assert.DoesNotContain("\\u0027", result.Stdout);
    }

    [Fact]
    public async Task What_the_sample_sidecar_stores_keeps_non_ascii_and_html_characters_as_written()
    {
        var input = new JsonObject { ["v"] = 1, ["payload"] = new JsonObject { ["text"] = Unusual } }.ToJsonString(Greentic.Json.GreenticJson.Options);
        var sent = await _cli.RunAsync("invoke", "messaging.dummy", "send_payload", input, "--deadline", "30s");
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var id = JsonNode.Parse(sent.Stdout)!["message"]!["id"]!.GetValue<string>()["dummy-".Length..];

        var stored = await _cli.RunAsync("state", "get", $"dummy/outbox/{id}", "--prefix", "messaging.dummy");

        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.Contains("héllo <b> it's ünïcödé & \\\"quoted\\\"", stored.Stdout);
        Assert.DoesNotContain("\\u00", stored.Stdout);
    }

    [Fact]
    public async Task A_missing_argument_is_reported_once_and_exits_2()
    {
        var result = await _cli.RunRawAsync(["invoke"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("Required argument missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tenant_the_token_lacks_is_refused_naming_the_identity_and_the_grant()
    {
        var result = await _cli.RunAsync("invoke", "echo", "echo", "--tenant", "acme");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("PERMISSION_DENIED: 'dev' is not granted tenant 'acme' (granted: 'demo')", result.Stderr);
        Assert.Contains("the caller's bearer token", result.Stderr);
        Assert.Contains("greentic token issue --tenant", result.Stderr);
    }

    [Fact]
    public async Task A_second_tenant_works_end_to_end_with_a_token_from_token_issue()
    {
        var issued = await _cli.RunRawAsync(["token", "issue", "--tenant", "acme", "--role", "admin", "--data-dir", controlPlane.DataDir]);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var token = issued.Stdout.Trim();
        Assert.Equal(3, token.Split('.').Length);
        var asAcme = new[] { "--tenant", "acme", "--token", token };
        const string send = """{"v":1,"payload":{"text":"hi from acme"}}""";

        // The sample sidecar serves acme too: its callbacks are granted acme for the call in progress, so the answer is
        // the provider's own "no secret yet" — not a PERMISSION_DENIED that reads as if this caller's token were wrong.
        var before = await _cli.RunAsync(["invoke", "messaging.dummy", "send_payload", send, "--deadline", "30s", .. asAcme]);
        Assert.True(before.ExitCode == 1, before.ToString());
        Assert.Contains("\"unauthenticated\"", before.Stdout);
        Assert.DoesNotContain("PERMISSION_DENIED", before.Stderr);

        var set = await _cli.RunAsync(["secrets", "set", "dummy/api_token", "acme-secret", .. asAcme]);
        Assert.True(set.ExitCode == 0, set.ToString());
        var after = await _cli.RunAsync(["invoke", "messaging.dummy", "send_payload", send, "--deadline", "30s", .. asAcme]);
        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.Matches("^dummy-[0-9]+$", JsonNode.Parse(after.Stdout)!["message"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_issue_refuses_when_the_data_folder_has_no_dev_issuer()
    {
        var empty = Directory.CreateDirectory(Path.Combine(controlPlane.WorkDir, "no-issuer-" + Guid.NewGuid().ToString("N")[..6])).FullName;

        var result = await _cli.RunRawAsync(["token", "issue", "--tenant", "acme", "--data-dir", empty]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no dev issuer", result.Stderr);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_message_over_the_limit_says_the_limit_and_the_setting()
    {
        var file = Path.Combine(controlPlane.WorkDir, "five-megabytes.json");
        await File.WriteAllTextAsync(file, new JsonObject { ["blob"] = new string('x', 5 * 1024 * 1024) }.ToJsonString());

        var result = await _cli.RunAsync("invoke", "echo", "echo", "--input-file", file, "--deadline", "60s");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("RESOURCE_EXHAUSTED", result.Stderr);
        Assert.Contains("limit of 4194304 bytes", result.Stderr);
        Assert.Contains("Greentic:ControlPlane:MaxMessageSize", result.Stderr);
    }

    [Fact]
    public async Task Status_shows_component_health_sidecar_state_and_ends_with_the_endpoint_table()
    {
        var result = await _cli.RunAsync("status", "--admin-token", controlPlane.AdminToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches("routing +│ SERVING", result.Stdout);
        Assert.Matches("state store +│ SERVING", result.Stdout);
        Assert.Matches("sidecar 'dummy' +│ SERVING", result.Stdout);
        Assert.Contains($"sidecar 'dummy' at unix://{Path.Combine(controlPlane.DataDir, "sidecar.sock")} is serving", result.Stdout);
        Assert.Contains("no errors", result.Stdout);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.StartsWith("╰", lines[^1]);
        Assert.Contains(lines, l => l.Contains("│ gRPC (h2c)", StringComparison.Ordinal) && l.Contains(controlPlane.GrpcAddress, StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", result.Stdout);
    }
}
