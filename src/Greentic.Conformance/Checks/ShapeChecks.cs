using System.Text.Json.Nodes;
using Greentic.Conformance.Harness;
using Greentic.Providers;

namespace Greentic.Conformance.Checks;

/// <summary><c>describe</c> answers an object with <c>provider_type</c> (string), <c>capabilities</c> and <c>ops</c> (arrays of strings).</summary>
internal sealed class DescribeCheck() : ConformanceCheck("describe", "describe answers {provider_type, capabilities[], ops[]}")
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var outcome = await session.CallAsync(ProviderFunction.Describe, "", [], SuiteControlPlane.TenantA, null, null, true, cancellationToken);
        if (outcome.Object is not { } describe) return CheckResult.Fail($"not a JSON object: {outcome}");
        if (!NodeErrors.Text(describe, "provider_type", out var type) || type.Length == 0) return CheckResult.Fail("provider_type is not a non-empty string");
        if (Strings(describe["capabilities"]) is not { } capabilities) return CheckResult.Fail($"capabilities is not an array of strings: {describe["capabilities"]?.ToJsonString() ?? "absent"}");
        if (Strings(describe["ops"]) is not { } ops) return CheckResult.Fail($"ops is not an array of strings: {describe["ops"]?.ToJsonString() ?? "absent"}");
        return CheckResult.Pass($"provider_type '{type}', capabilities [{string.Join(", ", capabilities)}], {ops.Count} ops");
    }

    /// <summary>The strings of a JSON array of strings, else null.</summary>
    public static List<string>? Strings(JsonNode? node)
    {
        if (node is not JsonArray array) return null;
        var list = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var s)) return null;
            list.Add(s);
        }
        return list;
    }
}

/// <summary><c>validate-config</c> of <c>{}</c> answers an object with a boolean <c>valid</c>.</summary>
internal sealed class ValidateConfigCheck() : ConformanceCheck("validate-config", "validate-config answers {valid: bool}")
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var outcome = await session.CallAsync(ProviderFunction.ValidateConfig, "", "{}"u8.ToArray(), SuiteControlPlane.TenantA, null, null, true, cancellationToken);
        return outcome.Object?["valid"] is JsonValue v && v.TryGetValue<bool>(out _)
            ? CheckResult.Pass($"{{}} → {outcome}")
            : CheckResult.Fail($"no boolean 'valid': {outcome}");
    }
}

/// <summary><c>healthcheck</c> answers an object with a string <c>status</c>.</summary>
internal sealed class HealthcheckCheck() : ConformanceCheck("healthcheck", "healthcheck answers {status: string}")
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var outcome = await session.CallAsync(ProviderFunction.Healthcheck, "", [], SuiteControlPlane.TenantA, null, null, true, cancellationToken);
        return outcome.Object is { } o && NodeErrors.Text(o, "status", out _)
            ? CheckResult.Pass(outcome.ToString())
            : CheckResult.Fail($"no string 'status': {outcome}");
    }
}

/// <summary><c>invoke</c> of <c>echo</c> answers an object with <c>ok: true</c> carrying the input back.</summary>
internal sealed class InvokeCheck() : ConformanceCheck("invoke", "invoke answers a JSON object with ok", [ConformanceOps.Echo])
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var probe = "probe-" + SuiteSession.Nonce();
        var outcome = await session.InvokeAsync(ConformanceOps.Echo, $$"""{"conformance":"{{probe}}"}""", cancellationToken: cancellationToken);
        if (outcome.Object is not { } answer) return CheckResult.Fail($"not a JSON object: {outcome}");
        if (answer["ok"] is not JsonValue ok || !ok.TryGetValue<bool>(out var okValue) || !okValue) return CheckResult.Fail($"ok is not true: {outcome}");
        if (!outcome.Text.Contains(probe, StringComparison.Ordinal)) return CheckResult.Fail($"the input did not come back: {outcome}");
        return CheckResult.Pass($"echo → ok:true with the input ({outcome.Json.Length} bytes)");
    }
}
