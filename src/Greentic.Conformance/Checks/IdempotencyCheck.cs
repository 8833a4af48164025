using System.Text.Json.Nodes;
using Greentic.Conformance.Harness;

namespace Greentic.Conformance.Checks;

/// <summary>
/// The same call with the same idempotency key twice gets the same answer, byte for byte; a provider with the
/// <c>context</c> op also shows that the key reached it unchanged.
/// </summary>
internal sealed class IdempotencyCheck() : ConformanceCheck("idempotency", "the same idempotency key twice gets the same answer", [ConformanceOps.Echo])
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var key = "idem-" + SuiteSession.Nonce();
        var input = $$"""{"conformance":"{{key}}"}""";
        var first = await session.InvokeAsync(ConformanceOps.Echo, input, ctx: c => c.IdempotencyKey = key, cancellationToken: cancellationToken);
        var second = await session.InvokeAsync(ConformanceOps.Echo, input, ctx: c => c.IdempotencyKey = key, cancellationToken: cancellationToken);
        if (!first.Ok || !second.Ok) return CheckResult.Fail($"echo failed: {first} / {second}");
        if (!first.Json.AsSpan().SequenceEqual(second.Json)) return CheckResult.Fail($"answers differ: {first} / {second}");
        if (!session.Ops.Contains(ConformanceOps.Context)) return CheckResult.Pass($"key '{key}': identical answers ({first.Json.Length} bytes)");
        var seen = await session.InvokeAsync(ConformanceOps.Context, "{}", ctx: c => c.IdempotencyKey = key, cancellationToken: cancellationToken);
        return seen.Object?["idempotency_key"] is JsonValue v && v.TryGetValue<string>(out var s) && s == key
            ? CheckResult.Pass($"key '{key}': identical answers; the provider saw the key")
            : CheckResult.Fail($"identical answers, but the provider's context shows another key: {seen}");
    }
}
