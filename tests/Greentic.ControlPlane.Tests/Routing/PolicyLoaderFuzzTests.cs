using Greentic.ControlPlane.Routing;
using Greentic.TestSupport;
using Xunit.Abstractions;

namespace Greentic.ControlPlane.Tests.Routing;

/// <summary>
/// Thousands of truncated and mutated versions of real policy files: the loader must load each or refuse it with
/// errors that name the file — never throw anything else (a hot reload that throws would take the host down).
/// </summary>
public sealed class PolicyLoaderFuzzTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What <c>greentic up</c> writes.</summary>
    private const string Desktop = """
        # Written by `greentic up`; edit freely — changes are picked up without a restart.
        version: 1
        rules:
          - name: echo
            match: { provider_type: echo }
            binding: { transport: inproc, target: echo, timeout: 10s }
          - name: dummy-sidecar
            match: { provider_type: messaging.dummy }
            binding:
              transport: sidecar
              target: unix:///home/dev/.greentic/sidecar.sock
              timeout: 10s
              retry: { max_attempts: 3, base_delay: 100ms, max_delay: 2s }
              breaker: { failure_ratio: 0.5, min_throughput: 10, break_duration: 5s }
              secrets: [dummy/api_token]
        """;

    /// <summary>Every part of the schema: file tenant, defaults, each match field, remote and TCP targets, "off".</summary>
    private const string FullSchema = """
        version: 1
        tenant: acme
        defaults:
          timeout: 10s
          retry:   { max_attempts: 3, base_delay: 200ms, max_delay: 5s }
          breaker: { failure_ratio: 0.5, min_throughput: 10, break_duration: 30s, sampling_duration: 30s }
          secrets: ["messaging/*"]
        rules:
          - name: telegram-send
            description: Telegram sends go to the sidecar
            match:
              team: support
              user: alice@example.com
              env: prod
              cloud: aws
              capability: messaging
              provider_type: messaging.telegram.bot
              op: send_payload
            binding:
              transport: sidecar
              target: unix:///run/greentic/telegram.sock
              timeout: 5s
              retry: { max_attempts: 5, base_delay: 500ms, max_delay: 30s }
              breaker: off
              secrets: [messaging/telegram_bot_token]
          - name: webchat-remote
            match: { provider_type: messaging.webchat, op: "*" }
            binding: { transport: remote, target: "https://gw.example.com:8443", timeout: "00:00:20" }
          - name: local-tcp
            match: { capability: state, op: get }
            binding: { transport: sidecar, target: http://127.0.0.1:50051 }
        """;

    public static TheoryData<string, string, int> Samples => new()
    {
        { "desktop.yaml", Desktop, 2500 },
        { "acme.yaml", FullSchema, 2500 },
        { "routes.yaml", InProcessControlPlane.Routes, 1500 },
    };

    [Theory, MemberData(nameof(Samples))]
    public void Every_broken_version_loads_or_is_refused_with_errors_naming_the_file(string file, string sample, int mutations)
    {
        Assert.NotNull(RoutingPolicyLoader.Load([new PolicyFile(file, sample)], Now)); // the sample itself is good
        int cases = 0, loaded = 0, refused = 0;
        foreach (var (name, text) in ConfigFuzzer.Cases(sample, mutations))
        {
            cases++;
            try
            {
                RoutingPolicyLoader.Load([new PolicyFile(file, text)], Now);
                loaded++;
            }
            catch (RoutingPolicyException e)
            {
                refused++;
                Assert.True(e.Errors.Count > 0 && e.Errors.All(x => x.File == file && x.Message.Length > 0), $"{name}: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"{file}, {name}: {e.GetType().Name}: {e.Message}\n--- input ---\n{text}");
            }
        }
        output.WriteLine(FuzzReport.Record($"routing policy loader ({file})", cases, loaded, refused));
    }
}
