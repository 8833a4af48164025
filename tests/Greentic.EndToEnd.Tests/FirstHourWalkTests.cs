using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Greentic.TestSupport;
using Xunit.Abstractions;

namespace Greentic.EndToEnd.Tests;

/// <summary>
/// The first hour of a new user, as one scripted walk against a real <c>greentic up</c> on a fresh data folder: call
/// providers, set secrets, keep state, read the routes, add a second tenant — then the things that go wrong: a broken
/// routes file dropped in, the sidecar killed, <c>up</c> started a second time. Each step says what it checks.
/// </summary>
public sealed class FirstHourWalkTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _work = Directory.CreateTempSubdirectory("gt-first-hour-").FullName;

    [Fact]
    public async Task A_new_user_s_first_hour()
    {
        var dataDir = Path.Combine(_work, ".greentic");
        var grpc = $"http://127.0.0.1:{FreePort.Next()}";
        var http = $"http://127.0.0.1:{FreePort.Next()}";
        var up = await GreenticUpProcess.StartAsync(dataDir, grpc, http, sidecar: true);
        await using (up)
        {
            // 1. The start ends with what to do next.
            Step("up prints the endpoint table and a try-this block last");
            Assert.Contains("Try this", up.Output);
            Assert.EndsWith(GreenticUpProcess.ReadyLine, up.Output.TrimEnd());

            // 2. The calls the README shows.
            Step("invoke, in-process and on the sidecar");
            var echo = await Ok("invoke", "echo", "echo", """{"text":"héllo"}""");
            Assert.Contains("héllo", echo);
            var sent = JsonNode.Parse(await Ok("invoke", "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"hi"}}""", "--deadline", "30s"))!;
            Assert.Matches("^dummy-[0-9]+$", sent["message"]!["id"]!.GetValue<string>());

            Step("secrets");
            await Ok("secrets", "set", "walk/api_key", "s3cret");
            Assert.Equal("s3cret\n", await Ok("secrets", "get", "walk/api_key"));

            Step("state");
            await Ok("state", "put", "greeting", "hello");
            Assert.Equal("hello\n", await Ok("state", "get", "greeting"));
            await Ok("state", "delete", "greeting");
            Assert.Contains("NOT_FOUND", (await Greentic("state", "get", "greeting")).Stderr);

            Step("routes");
            var routes = await Ok("routes");
            Assert.Contains("2 rules", routes);

            // 3. A second tenant.
            Step("token issue for a second tenant; its calls reach the sample sidecar");
            var acme = (await Ok("token", "issue", "--tenant", "acme", "--role", "admin")).Trim();
            await Ok("secrets", "set", "dummy/api_token", "acme-secret", "--tenant", "acme", "--token", acme);
            var acmeSent = JsonNode.Parse(await Ok("invoke", "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"hi"}}""",
                "--tenant", "acme", "--token", acme, "--deadline", "30s"))!;
            Assert.True(acmeSent["ok"]!.GetValue<bool>());

            // 4. A broken routes file: the host keeps serving on the last good policy and says what is wrong, and where.
            Step("a broken routes file dropped in");
            await File.WriteAllTextAsync(Path.Combine(dataDir, "routes", "broken.yaml"),
                "version: 1\nrules:\n  - name: broken\n    match: { provider_type: echo\n    binding: { transport: inproc, target: echo }\n");
            var withError = await EventuallyAsync(async () => await Ok("routes") is var r && r.Contains("broken.yaml:", StringComparison.Ordinal) ? r : null,
                "routes shows the broken file");
            Assert.Matches(@"last reload error: broken\.yaml:[0-9]+:[0-9]+: \(yaml\)", withError);
            Assert.Contains("2 rules", withError);
            Assert.False(up.HasExited, "the host died over a routes file");
            await Ok("invoke", "echo", "echo");
            Assert.Contains("the last reload failed", await Ok("status"));
            File.Delete(Path.Combine(dataDir, "routes", "broken.yaml"));

            // 5. The sidecar killed: failures name it, and calls recover once the supervisor has restarted it.
            Step("the sample sidecar killed");
            var status = await Ok("status");
            var pid = int.Parse(Regex.Match(status, @"sidecar 'dummy' at \S+ is serving \(pid ([0-9]+)\)").Groups[1].Value);
            using (var sidecar = Process.GetProcessById(pid)) sidecar.Kill();
            var failures = new List<string>();
            await EventuallyAsync(async () =>
            {
                var call = await Greentic("invoke", "messaging.dummy", "send_payload", """{"v":1,"payload":{"text":"again"}}""", "--deadline", "30s");
                if (call.ExitCode == 0) return "recovered";
                failures.Add(call.Stderr);
                return null;
            }, "calls to the sidecar recover");
            Assert.All(failures, f =>
            {
                Assert.Contains("sidecar 'dummy' at unix://" + Path.Combine(dataDir, "sidecar.sock"), f);
                Assert.DoesNotContain("is the control plane running", f);
            });
            Assert.Matches("restarted [0-9]+ times?, last stop: exited", await Ok("status"));

            // 6. up started twice: the second stops cleanly and leaves nothing behind.
            Step("up started a second time on the same data folder");
            var running = ProcessTable.Matching(dataDir).Count;
            var again = await Greentic("up", "--data-dir", dataDir, "--grpc", grpc, "--http", http);
            Assert.True(again.ExitCode == 1, again.ToString());
            Assert.Contains($"another 'greentic up' is using {dataDir}", again.Stderr);
            Assert.Equal(running, ProcessTable.Matching(dataDir).Count);

            Step("up started a second time on another data folder but the same ports");
            var otherDir = Path.Combine(_work, "other");
            var other = await Greentic("up", "--data-dir", otherDir, "--grpc", grpc, "--http", http);
            Assert.True(other.ExitCode == 1, other.ToString());
            Assert.Contains("address already in use", other.Stderr);
            Assert.Empty(ProcessTable.Matching(otherDir));
            await Ok("invoke", "echo", "echo"); // the first one still serves

            Step("Ctrl+C stops up and its sidecar");
            Assert.Equal(0, await up.StopAsync());
            Assert.Empty(ProcessTable.Matching(dataDir));
        }

        Task<ProcessResult> Greentic(params string[] args)
        {
            var verb = args[0];
            var clientArgs = verb is "up" or "token" ? args : [.. args, "--address", grpc, "--data-dir", dataDir];
            if (verb == "token") clientArgs = [.. args, "--data-dir", dataDir];
            return ProcessRunner.RunAsync(RepoPaths.Dotnet, [RepoPaths.GreenticDll, .. clientArgs], _work, timeout: Patience);
        }

        async Task<string> Ok(params string[] args)
        {
            var result = await Greentic(args);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.Stdout;
        }
    }

    private void Step(string what) => output.WriteLine($"-- {what}");

    /// <summary>Polls <paramref name="attempt"/> until it returns a value; fails after <see cref="Patience"/>.</summary>
    private static async Task<string> EventuallyAsync(Func<Task<string?>> attempt, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await attempt() is { } value) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"not within {Patience.TotalSeconds} s: {what}");
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }
}
