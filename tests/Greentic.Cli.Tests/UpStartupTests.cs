using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Greentic.TestSupport;

namespace Greentic.Cli.Tests;

/// <summary>
/// <c>greentic up</c> as its own process per test: how it starts, what it refuses to start with, what it prints and the
/// files it leaves — each the way a new user meets it.
/// </summary>
public sealed class UpStartupTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("gt-up-").FullName;

    private string DataDir => Path.Combine(_work, "data");

    [Fact]
    public async Task A_broken_routes_file_at_start_names_the_file_and_line_and_exits_2()
    {
        var routes = Directory.CreateDirectory(Path.Combine(DataDir, "routes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(routes, "broken.yaml"), "version: 1\nrules:\n  - name: broken\n    match: { provider_type: echo\n    binding: { transport: inproc, target: echo }\n");

        var result = await UpAsync("--no-sidecar");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches($"{Regex(Path.Combine(routes, "broken.yaml"))}:[0-9]+:[0-9]+: \\(yaml\\): malformed YAML", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_start_with_exit_1_and_leaves_no_sidecar_behind()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await UpAsync("--grpc", $"http://127.0.0.1:{port}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"127.0.0.1:{port}", result.Stderr);
        Assert.Contains("address already in use", result.Stderr);
        Assert.Empty(ProcessTable.Matching(DataDir));
        Assert.False(File.Exists(Path.Combine(DataDir, "sidecar.sock")), "the sample sidecar was started although the host never ran");
    }

    [Fact]
    public async Task The_data_folder_is_0700_and_its_tokens_keys_and_stores_0600_also_when_an_older_version_left_them_open()
    {
        Directory.CreateDirectory(DataDir);
        File.SetUnixFileMode(DataDir, (UnixFileMode)Convert.ToInt32("755", 8));
        await File.WriteAllTextAsync(Path.Combine(DataDir, "dev-token.txt"), "old");
        File.SetUnixFileMode(Path.Combine(DataDir, "dev-token.txt"), (UnixFileMode)Convert.ToInt32("644", 8));

        await using (var up = await GreenticUpProcess.StartAsync(DataDir))
        {
            var invoke = await InvokeAsync(up, "echo", "echo"); // the state store opens on first use
            Assert.True(invoke.ExitCode == 0, invoke.ToString());
            var state = await ProcessRunner.RunAsync(RepoPaths.Dotnet,
                [RepoPaths.GreenticDll, "state", "put", "k", "v", "--address", up.GrpcAddress, "--data-dir", DataDir], _work);
            Assert.True(state.ExitCode == 0, state.ToString());

            Assert.Equal("700", Mode(DataDir));
            foreach (var file in new[] { "dev-token.txt", "dev-issuer.json", "jwks.json", "secrets.key", "secrets.enc", "state.db", "endpoints.json" })
                Assert.True(Mode(Path.Combine(DataDir, file)) == "600", $"{file} is {Mode(Path.Combine(DataDir, file))}");
            foreach (var file in new[] { "state.db-wal", "state.db-shm", "secrets.enc.lock" }.Where(f => File.Exists(Path.Combine(DataDir, f))))
                Assert.True(Mode(Path.Combine(DataDir, file)) == "600", $"{file} is {Mode(Path.Combine(DataDir, file))}");
        }
    }

    [Fact]
    public async Task Without_the_sidecar_the_demo_provider_runs_in_process_instead_of_pointing_at_a_missing_socket()
    {
        await using var up = await GreenticUpProcess.StartAsync(DataDir);

        var sent = await InvokeAsync(up, "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"hi"}}""");
        var routes = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "routes", "--address", up.GrpcAddress], _work);

        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.Matches("^dummy-[0-9]+$", JsonNode.Parse(sent.Stdout)!["message"]!["id"]!.GetValue<string>());
        var dummy = Assert.Single(routes.Stdout.Split('\n'), l => l.Contains("messaging.dummy", StringComparison.Ordinal));
        Assert.Contains("inproc", dummy);
        Assert.DoesNotContain("sidecar.sock", routes.Stdout);
    }

    [Fact]
    public async Task Into_a_pipe_the_start_prints_no_ansi_codes_no_wrapped_paths_and_ends_with_the_table_and_a_try_this_block()
    {
        var longDir = Path.Combine(_work, "a-data-folder-with-a-rather-long-name-0123456789");
        await using var up = await GreenticUpProcess.StartAsync(longDir, sidecar: true);
        var output = up.Output;
        var socket = "unix://" + Path.Combine(longDir, "sidecar.sock");

        Assert.DoesNotContain("\u001b[", output);
        var sidecarRow = Assert.Single(output.Split('\n'), l => l.Contains("sidecar 'dummy'", StringComparison.Ordinal) && l.Contains('│'));
        Assert.Contains(socket, sidecarRow);
        Assert.True(sidecarRow.Length > 80, "the row is the one that would have wrapped at 80 columns");
        var tail = output[output.IndexOf("╭", StringComparison.Ordinal)..];
        Assert.Contains("Try this", tail);
        Assert.Contains("invoke messaging.dummy send_payload", tail);
        Assert.Contains("secrets set dummy/api_token", tail);
        Assert.Contains(Path.Combine(longDir, "dev-token.txt"), tail);
        Assert.EndsWith(GreenticUpProcess.ReadyLine, output.TrimEnd());
    }

    [Fact]
    public async Task Calls_and_health_probes_log_at_most_one_line_per_call_by_default()
    {
        await using var up = await GreenticUpProcess.StartAsync(DataDir, sidecar: true);
        var first = await InvokeAsync(up, "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"warm-up"}}""");
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = up.LineCount;

        for (var i = 0; i < 3; i++)
        {
            var sent = await InvokeAsync(up, "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"hi"}}""");
            Assert.True(sent.ExitCode == 0, sent.ToString());
        }
        var status = await ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, "status", "--data-dir", DataDir], _work);
        Assert.True(status.ExitCode == 0, status.ToString());

        var added = up.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(before).ToList();
        Assert.True(added.Count <= 3, $"{added.Count} lines for 3 calls and a status:\n{string.Join('\n', added)}");
    }

    [Fact]
    public async Task A_sidecar_that_does_not_come_up_is_named_with_its_socket_and_state_and_the_control_plane_is_not_blamed()
    {
        var env = new Dictionary<string, string> { ["Greentic__Sidecars__dummy__Command"] = "false" };
        await using var up = await GreenticUpProcess.StartAsync(DataDir, sidecar: true, env: env, waitForSidecar: false);

        var result = await InvokeAsync(up, "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"hi"}}""");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("UNAVAILABLE", result.Stderr);
        Assert.Matches($"sidecar 'dummy' at {Regex("unix://" + Path.Combine(DataDir, "sidecar.sock"))} is (restarting \\(attempt [0-9]+, next in|starting)", result.Stderr);
        Assert.DoesNotContain("is the control plane running", result.Stderr);
    }

    private Task<ProcessResult> UpAsync(params string[] args) => ProcessRunner.RunAsync(RepoPaths.Dotnet,
        [RepoPaths.GreenticDll, "up", "--data-dir", DataDir, "--http", $"http://127.0.0.1:{FreePort.Next()}",
         .. args.Contains("--grpc") ? args : [.. args, "--grpc", "unix://" + Path.Combine(DataDir, "cp.sock")]],
        _work, timeout: TimeSpan.FromSeconds(90));

    private Task<ProcessResult> InvokeAsync(GreenticUpProcess up, string provider, string op, string input = "{}") => ProcessRunner.RunAsync(RepoPaths.Dotnet,
        [RepoPaths.GreenticDll, "invoke", provider, op, input, "--address", up.GrpcAddress, "--data-dir", up.DataDir, "--deadline", "30s"], _work);

    private static string Mode(string path) => Convert.ToString((int)File.GetUnixFileMode(path), 8);

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
