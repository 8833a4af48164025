using Greentic.TestSupport;
using System.Text.Json.Nodes;
using Greentic.Cli.Tests.Infrastructure;

namespace Greentic.Cli.Tests;

/// <summary>
/// The clients/ samples (C#, Node, Python) run as processes against a real <c>greentic up</c>: each authenticates with
/// the dev token, sends through the messaging.dummy sidecar and calls echo. A missing runtime fails the test.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class PolyglotClientTests(ControlPlaneFixture controlPlane)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Csharp_client_sends_and_echoes()
    {
        var project = Path.Combine(RepoPaths.Clients, "csharp", "Greentic.Client.Sample.csproj");
        // the sample has no project references: it generates its own client from protos/ as a user would.
        var build = await ProcessRunner.RunAsync(RepoPaths.Dotnet,
            ["build", project, "-c", RepoPaths.Configuration, "-m:1", "-nologo", "-v:q"], RepoPaths.Root, timeout: BuildTimeout);
        Assert.True(build.ExitCode == 0, build.ToString());
        var dll = Path.Combine(RepoPaths.Clients, "csharp", "bin", RepoPaths.Configuration, "net10.0", "greentic-client-sample.dll");

        AssertSentAndEchoed(await RunClientAsync(RepoPaths.Dotnet, [RepoPaths.Existing(dll)]), "csharp");
    }

    [Fact]
    public async Task Node_client_sends_and_echoes() =>
        AssertSentAndEchoed(await RunClientAsync("node", [Path.Combine(RepoPaths.Clients, "node", "client.js")]), "node");

    [Fact]
    public async Task Python_client_sends_and_echoes() =>
        AssertSentAndEchoed(await RunClientAsync("/usr/bin/python3", [Path.Combine(RepoPaths.Clients, "python", "client.py")]), "python");

    [Theory]
    [InlineData("node", "node/client.js")]
    [InlineData("/usr/bin/python3", "python/client.py")]
    public async Task Clients_fail_with_the_status_on_a_bad_token(string runtime, string script)
    {
        var result = await ProcessRunner.RunAsync(runtime, [Path.Combine(RepoPaths.Clients, script)], controlPlane.WorkDir,
            new Dictionary<string, string> { ["GREENTIC_ADDRESS"] = controlPlane.GrpcAddress, ["GREENTIC_TOKEN"] = "bad.token.value" });

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("UNAUTHENTICATED", result.Stderr);
    }

    private Task<ProcessResult> RunClientAsync(string runtime, string[] args) =>
        ProcessRunner.RunAsync(runtime, args, controlPlane.WorkDir,
            new Dictionary<string, string> { ["GREENTIC_ADDRESS"] = controlPlane.GrpcAddress, ["GREENTIC_TOKEN"] = controlPlane.Token });

    private static void AssertSentAndEchoed(ProcessResult result, string client)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var output = JsonNode.Parse(result.Stdout.Trim())!;
        Assert.Equal(client, output["client"]!.GetValue<string>());
        Assert.Matches("^dummy-[0-9]+$", output["send_payload"]!["message"]!["id"]!.GetValue<string>());
        Assert.Equal(client, output["echo"]!["input"]!["hello"]!.GetValue<string>());
    }
}
