using System.Diagnostics;
using System.Text.Json.Nodes;
using Greentic.Conformance.Harness;

namespace Greentic.Conformance.Checks;

/// <summary>
/// The caller's trace reaches the provider: a call made inside a W3C trace, with that trace id in its tenant context,
/// arrives with the same <c>trace_id</c> in the context and a <c>traceparent</c> of the same trace (the <c>context</c> op
/// reports both).
/// </summary>
internal sealed class TelemetryCheck() : ConformanceCheck("telemetry", "the caller's trace context reaches the provider", [ConformanceOps.Context])
{
    private static readonly ActivitySource Source = new("Greentic.Conformance");
    private static readonly ActivityListener Listener = Listen();

    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        GC.KeepAlive(Listener);
        using var activity = Source.StartActivity("conformance telemetry", ActivityKind.Client)
            ?? throw new InvalidOperationException("no trace could be started");
        var traceId = activity.TraceId.ToHexString();
        var outcome = await session.InvokeAsync(ConformanceOps.Context, "{}", ctx: c => c.TraceId = traceId, cancellationToken: cancellationToken);
        if (outcome.Object is not { } seen) return CheckResult.Fail($"context failed: {outcome}");
        if (Text(seen, "trace_id") != traceId) return CheckResult.Fail($"ctx.trace_id {traceId} arrived as {Text(seen, "trace_id") ?? "nothing"}");
        var traceparent = Text(seen, "traceparent");
        if (traceparent?.Split('-') is not [_, var parentTrace, _, _] || parentTrace != traceId)
            return CheckResult.Fail($"the provider ran outside the caller's trace {traceId}: traceparent {traceparent ?? "absent"}");
        return CheckResult.Pass($"trace {traceId}: ctx.trace_id and traceparent arrived");
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
