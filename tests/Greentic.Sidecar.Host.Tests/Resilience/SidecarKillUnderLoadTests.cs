using Greentic.TestSupport;
using System.Diagnostics;
using Greentic.Provider.V1;
using Grpc.Core;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>
/// SIGKILL of the supervised C# sidecar while clients keep invoking <c>echo</c> through the control plane.
/// <para>
/// The exact assertion: <c>echo</c> is idempotent and every failure of a dead sidecar surfaces as UNAVAILABLE
/// (connection refused or reset), which the binding retries. So when the retry budget outlasts the outage, every
/// call must succeed; when the outage outlasts it, a call may fail — but only with UNAVAILABLE (attempts ran
/// out, or the breaker refused it), never with another status and never with a wrong answer.
/// </para>
/// </summary>
public sealed class SidecarKillUnderLoadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task InFlightCallsRideOutAKilledSidecarOnItsRestartedSuccessor()
    {
        // ~20 s of retries (8 attempts, 200 ms doubling to 4 s) outlast a restart (100 ms backoff + process start).
        // A 30 s sampling window keeps the breaker closed: the outage's failures stay a small share of the calls.
        await using var cp = await SupervisedSidecarControlPlane.StartAsync("""
            timeout: 10s
            retry: { max_attempts: 8, base_delay: 200ms, max_delay: 4s }
            breaker: { failure_ratio: 0.5, min_throughput: 10, sampling_duration: 30s, break_duration: 1s }
            """, TimeSpan.FromMilliseconds(100));
        using var channel = cp.Channel();
        await using var load = new EchoLoad(channel.Invoker, cp.ClientToken(), concurrency: 16, callDeadline: TimeSpan.FromSeconds(60));
        await EchoLoad.WaitUntilAsync(() => load.Successes >= 300, Patience, load.Summary);

        var killed = cp.SidecarState!;
        var killedAt = Stopwatch.GetTimestamp();
        using (var victim = Process.GetProcessById(killed.ProcessId!.Value))
        {
            victim.Kill(); // SIGKILL on Unix
            victim.WaitForExit();
        }
        var deadFrom = Stopwatch.GetTimestamp();
        var deadFromUtc = DateTime.UtcNow;
        var successor = await cp.WaitForHealthySidecarAsync(killed.ProcessId, Patience);
        var successorSeenAt = Stopwatch.GetTimestamp();
        // When the kernel started the successor (not when this test noticed it, which lags on a busy machine);
        // never later than the moment the test saw it serving.
        using var successorProcess = Process.GetProcessById(successor.ProcessId!.Value);
        var successorSpawnedAt = Math.Min(successorSeenAt,
            deadFrom + (long)((successorProcess.StartTime.ToUniversalTime() - deadFromUtc).TotalSeconds * Stopwatch.Frequency));
        var before = load.Successes;
        await EchoLoad.WaitUntilAsync(() => load.Successes >= before + 300, Patience, load.Summary);
        await load.StopAsync();

        Assert.True(successor.Restarts >= 1, $"supervisor state: {successor}");
        Assert.Contains("exited", successor.LastExit);
        Assert.True(load.Outcomes.All(o => o.Ok), "every call must succeed: " + load.Summary());
        // Calls outstanding when the successor was spawned were sent before it existed — to the victim or into the
        // gap — so each that succeeded was answered by the successor after at least one retry.
        var rodeOut = load.Outcomes.Count(o => o.Started < successorSpawnedAt && o.Ended > successorSpawnedAt);
        Assert.True(rodeOut > 0,
            $"no call was outstanding when the successor was spawned ({Ms(successorSpawnedAt - killedAt)} ms after the SIGKILL; " +
            $"the victim was gone after {Ms(deadFrom - killedAt)} ms); longest call {Ms(load.Outcomes.Max(o => o.Ended - o.Started))} ms");
    }

    [Fact]
    public async Task ALongOutageOpensTheBreakerWhichClosesOnceTheSidecarIsBack()
    {
        // The supervisor waits 6 s before restarting: far longer than the 3 attempts (~150 ms) a call may spend.
        await using var cp = await SupervisedSidecarControlPlane.StartAsync("""
            timeout: 5s
            retry: { max_attempts: 3, base_delay: 50ms, max_delay: 200ms }
            breaker: { failure_ratio: 0.5, min_throughput: 5, sampling_duration: 1s, break_duration: 1s }
            """, TimeSpan.FromSeconds(6));
        using var channel = cp.Channel();
        await using var load = new EchoLoad(channel.Invoker, cp.ClientToken(), concurrency: 8, callDeadline: TimeSpan.FromSeconds(30));
        await EchoLoad.WaitUntilAsync(() => load.Successes >= 200, Patience, load.Summary);

        var killed = cp.SidecarState!;
        var killedAt = Stopwatch.GetTimestamp();
        using (var victim = Process.GetProcessById(killed.ProcessId!.Value)) victim.Kill();
        await EchoLoad.WaitUntilAsync(() => load.Outcomes.Any(IsBreakerRefusal), Patience, load.Summary);
        var successor = await cp.WaitForHealthySidecarAsync(killed.ProcessId, Patience);
        var before = load.Successes;
        await EchoLoad.WaitUntilAsync(() => load.Successes >= before + 200, Patience, load.Summary);
        await load.StopAsync();

        Assert.True(successor.Restarts >= 1, $"supervisor state: {successor}");
        Assert.Contains("exited", successor.LastExit);
        var failures = load.Outcomes.Where(o => !o.Ok).ToList();
        Assert.True(failures.All(o => o.Status == StatusCode.Unavailable), "only UNAVAILABLE may fail a call: " + load.Summary());
        Assert.Contains(failures, IsBreakerRefusal);

        // Closed again: a burst of calls after the load all pass.
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        var headers = new Metadata { { "authorization", "Bearer " + cp.ClientToken() } };
        var burst = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            client.InvokeAsync(EchoLoad.Request(99, i), headers, DateTime.UtcNow.AddSeconds(30)).ResponseAsync));
        Assert.All(burst, r => Assert.Contains("\"ok\":true", r.OutputJson.ToStringUtf8()));
    }

    private static long Ms(long ticks) => ticks * 1000 / Stopwatch.Frequency;

    private static bool IsBreakerRefusal(CallOutcome o) =>
        o.Status == StatusCode.Unavailable && o.Detail.Contains("circuit breaker is open", StringComparison.Ordinal);
}
