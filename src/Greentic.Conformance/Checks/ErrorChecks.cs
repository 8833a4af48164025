using Greentic.Conformance.Harness;
using Greentic.Providers;
using Grpc.Core;

namespace Greentic.Conformance.Checks;

/// <summary>
/// A provider-level failure travels as a node-error in a successful answer, never as a status: <c>fail</c> answers
/// <c>{"ok":false,"error":{code,message,retryable,backoff_ms?}}</c> with a WIT error-code.
/// </summary>
internal sealed class NodeErrorCheck() : ConformanceCheck("node-error", "a provider failure is a well-formed node-error in an OK answer", [ConformanceOps.Fail])
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var outcome = await session.InvokeAsync(ConformanceOps.Fail, "{}", cancellationToken: cancellationToken);
        if (!outcome.Ok) return CheckResult.Fail($"a status instead of a node-error: {outcome}");
        return NodeErrors.Problem(outcome.Object) is { } problem
            ? CheckResult.Fail($"{problem}: {outcome}")
            : CheckResult.Pass(outcome.ToString());
    }
}

/// <summary>A call for a provider type the target does not serve is NOT_FOUND (asked at the target's own address).</summary>
internal sealed class UnknownProviderCheck() : ConformanceCheck("unknown-provider", "a provider type the target does not serve is NOT_FOUND")
{
    public const string Missing = "conformance.no-such-provider";

    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        if (!session.HasDirectChannel)
            return CheckResult.NotApplicable("a component file is one provider; its host, not the component, answers for other types");
        var outcome = await session.CallAsync(ProviderFunction.Describe, "", [], SuiteControlPlane.TenantA, null, null, viaControlPlane: false,
            cancellationToken, providerTypeOverride: Missing);
        return outcome.Status == StatusCode.NotFound
            ? CheckResult.Pass($"describe '{Missing}' → {outcome}")
            : CheckResult.Fail($"describe '{Missing}' → {outcome} (want NOT_FOUND)");
    }
}

/// <summary>An op the provider does not have is refused: an <c>invalid-input</c> (or <c>not-found</c>) node-error, or
/// INVALID_ARGUMENT / UNIMPLEMENTED / NOT_FOUND — never a success.</summary>
internal sealed class UnknownOpCheck() : ConformanceCheck("unknown-op", "an unknown op is refused with invalid-input or a clear status")
{
    private static readonly StatusCode[] Refusals = [StatusCode.InvalidArgument, StatusCode.Unimplemented, StatusCode.NotFound];

    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var op = "conformance-no-such-op-" + SuiteSession.Nonce();
        var outcome = await session.InvokeAsync(op, "{}", cancellationToken: cancellationToken);
        if (Refusals.Contains(outcome.Status)) return CheckResult.Pass(outcome.ToString());
        var code = NodeErrors.Code(outcome.Object);
        return code is "invalid-input" or "not-found"
            ? CheckResult.Pass(outcome.ToString())
            : CheckResult.Fail($"'{op}' → {outcome}");
    }
}

/// <summary>Input that is not JSON is refused: INVALID_ARGUMENT or an <c>invalid-input</c> node-error.</summary>
internal sealed class MalformedInputCheck() : ConformanceCheck("malformed-input", "input that is not JSON is refused (INVALID_ARGUMENT or invalid-input)", [ConformanceOps.Echo])
{
    private const string Malformed = """{"conformance": "unterminated""";

    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var outcome = await session.InvokeAsync(ConformanceOps.Echo, Malformed, cancellationToken: cancellationToken);
        if (outcome.Status == StatusCode.InvalidArgument || NodeErrors.Code(outcome.Object) == "invalid-input")
            return CheckResult.Pass(outcome.ToString());
        return CheckResult.Fail($"echo {Malformed} → {outcome}");
    }
}

/// <summary>
/// An input over 16 MiB (what a Greentic control plane forwards at most by default) is refused with RESOURCE_EXHAUSTED,
/// and the provider answers normally afterwards. Sent to the target's own address; a component gets it from its host.
/// </summary>
internal sealed class OversizedInputCheck() : ConformanceCheck("oversized-input", "an input over 16 MiB is RESOURCE_EXHAUSTED, and the provider lives on")
{
    public const int Size = 17 * 1024 * 1024;

    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var input = new byte[Size];
        Array.Fill(input, (byte)'x');
        "{\"big\":\""u8.CopyTo(input);
        "\"}"u8.CopyTo(input.AsSpan(Size - 2));
        var direct = session.HasDirectChannel;
        var outcome = await session.CallAsync(ProviderFunction.Invoke, ConformanceOps.Echo, input, SuiteControlPlane.TenantA, null, null,
            viaControlPlane: !direct, cancellationToken);
        var after = await session.CallAsync(ProviderFunction.Healthcheck, "", [], SuiteControlPlane.TenantA, null, null, viaControlPlane: !direct, cancellationToken);
        var where = direct ? "at its address" : "through its host";
        if (outcome.Status != StatusCode.ResourceExhausted)
            return CheckResult.Fail($"{Size >> 20} MiB {where} → {outcome} (want RESOURCE_EXHAUSTED)");
        if (!after.Ok) return CheckResult.Fail($"refused, but the next healthcheck failed: {after}");
        return CheckResult.Pass($"{Size >> 20} MiB {where} → {outcome}; healthcheck after: OK");
    }
}
