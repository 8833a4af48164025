using System.Globalization;
using System.Text.Json.Nodes;
using Greentic.Conformance.Harness;

namespace Greentic.Conformance.Checks;

/// <summary>
/// A retryable node-error's <c>backoff_ms</c> is honoured end to end: behind a binding with three attempts (and a
/// 1 ms base delay of its own), the control plane retries <c>fail</c> twice, each time after exactly the delay the
/// provider asked for (the transport's retry records show it).
/// </summary>
internal sealed class RetryHintCheck() : ConformanceCheck("retry-hint", "a retryable node-error's backoff_ms is what the control plane waits", [ConformanceOps.Fail])
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var before = session.ControlPlane.Log.Retries.Count;
        var outcome = await session.InvokeAsync(ConformanceOps.Fail, "{}", cancellationToken: cancellationToken);
        if (NodeErrors.Problem(outcome.Object) is { } problem) return CheckResult.Fail($"{problem}: {outcome}");
        var error = outcome.Object!["error"]!;
        if (error["retryable"]!.GetValue<bool>() is false) return CheckResult.Fail($"fail is not retryable (the conformance op set asks for retryable with backoff_ms): {outcome}");
        if (error["backoff_ms"] is not JsonValue b || !b.TryGetValue<long>(out var backoff)) return CheckResult.Fail($"fail carries no backoff_ms: {outcome}");
        var retries = session.ControlPlane.Log.Retries.Skip(before).Where(r => r.Binding == SuiteControlPlane.Binding).ToList();
        var expected = SuiteControlPlane.MaxAttempts - 1;
        if (retries.Count != expected)
            return CheckResult.Fail($"{retries.Count} retries for a retryable failure, want {expected} (binding max_attempts {SuiteControlPlane.MaxAttempts})");
        var off = retries.FirstOrDefault(r => Math.Abs(r.DelayMs - backoff) > 1);
        if (off is not null)
            return CheckResult.Fail(string.Create(CultureInfo.InvariantCulture, $"retry after attempt {off.Attempt} waited {off.DelayMs:0} ms, the provider asked for {backoff} ms"));
        return CheckResult.Pass($"{retries.Count} retries, each after {backoff} ms as asked");
    }
}
