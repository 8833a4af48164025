using System.Globalization;
using System.Text.Json.Nodes;
using Greentic.Conformance.Harness;
using Grpc.Core;

namespace Greentic.Conformance.Checks;

/// <summary>
/// The provider stops when its call's deadline passes: <c>sleep</c> for 3 s with a 1 s deadline ends in
/// DEADLINE_EXCEEDED, and nothing of the work it would do on waking (writing <c>state_key</c>) happens — no state
/// callback after the deadline, nothing stored — however long the suite then waits.
/// </summary>
internal sealed class DeadlineCheck() : ConformanceCheck("deadline", "work stops when the call's deadline passes", [ConformanceOps.Sleep], needsCallbacks: true)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Sleep = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var key = "conformance-deadline-" + SuiteSession.Nonce();
        var input = new JsonObject { ["ms"] = (int)Sleep.TotalMilliseconds, ["state_key"] = key }.ToJsonString();
        var started = DateTimeOffset.UtcNow;
        var outcome = await session.InvokeAsync(ConformanceOps.Sleep, input, timeout: Deadline, cancellationToken: cancellationToken);
        if (outcome.Status != StatusCode.DeadlineExceeded)
            return CheckResult.Fail($"sleep {Sleep.TotalSeconds:0} s under a {Deadline.TotalSeconds:0} s deadline → {outcome} (want DEADLINE_EXCEEDED)");
        var waitUntil = started + Sleep + Grace;
        if (waitUntil > DateTimeOffset.UtcNow) await Task.Delay(waitUntil - DateTimeOffset.UtcNow, cancellationToken);
        var late = session.ControlPlane.Callbacks.Calls.FirstOrDefault(c => c.Key == key);
        if (late is not null)
            return CheckResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"the provider kept working: {late.Method} '{key}' {(late.At - started).TotalSeconds:0.0} s after the call started, " +
                $"{(late.At - started - Deadline).TotalSeconds:0.0} s past its deadline ({CallOutcome.StatusName(late.Status)})"));
        if (await session.ReadStateAsync(SuiteControlPlane.TenantA, key, cancellationToken) is { } stored)
            return CheckResult.Fail($"the provider kept working: '{key}' = '{stored}' was stored after the deadline");
        return CheckResult.Pass(string.Create(CultureInfo.InvariantCulture,
            $"DEADLINE_EXCEEDED after {outcome.Elapsed.TotalSeconds:0.0} s; nothing done after it (watched {(Sleep + Grace).TotalSeconds:0.0} s)"));
    }
}
