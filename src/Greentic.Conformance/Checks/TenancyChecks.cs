using System.Text.Json.Nodes;
using Greentic.Conformance.Harness;

namespace Greentic.Conformance.Checks;

/// <summary>
/// State never crosses tenants: tenant A writes a key, tenant B reads the same key and must not see A's value, and A
/// reads its own value back (proving state works at all).
/// </summary>
internal sealed class TenancyStateCheck() : ConformanceCheck("tenancy-state", "state written for one tenant is invisible to another", [ConformanceOps.StatePut, ConformanceOps.StateGet], needsCallbacks: true)
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var key = "conformance-tenancy-" + SuiteSession.Nonce();
        var value = "value-of-a-" + SuiteSession.Nonce();
        var put = await session.InvokeAsync(ConformanceOps.StatePut, Input(key, value), SuiteControlPlane.TenantA, cancellationToken: cancellationToken);
        if (put.Object?["write"]?["ok"]?.GetValue<bool>() != true) return CheckResult.Fail($"tenant A's state_put failed: {put}");
        var other = await session.InvokeAsync(ConformanceOps.StateGet, Input(key, null), SuiteControlPlane.TenantB, cancellationToken: cancellationToken);
        if (other.Text.Contains(value, StringComparison.Ordinal))
            return CheckResult.Fail($"tenant B read tenant A's value of '{key}': {other}");
        if (!other.Ok) return CheckResult.Fail($"tenant B's state_get failed: {other}");
        var own = await session.InvokeAsync(ConformanceOps.StateGet, Input(key, null), SuiteControlPlane.TenantA, cancellationToken: cancellationToken);
        if (ValueOf(own) != value) return CheckResult.Fail($"tenant A could not read back its own value: {own}");
        return CheckResult.Pass($"'{key}': tenant B → {Describe(other)}; tenant A → its own value");
    }

    internal static string Input(string key, string? value) => new JsonObject { ["state_key"] = key, ["state_value"] = value }.ToJsonString();

    private static string? ValueOf(CallOutcome outcome) => outcome.Object?["state"]?["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Describe(CallOutcome outcome) =>
        outcome.Object?["state"]?["error"]?["code"] is JsonValue code ? $"error {code}" : outcome.ToString();
}

/// <summary>
/// Secrets never cross tenants: each tenant has its own value of the same secret; reads alternate between tenants and
/// each must see only its own (a provider caching values across tenants fails here).
/// </summary>
internal sealed class TenancySecretsCheck() : ConformanceCheck("tenancy-secrets", "each tenant reads only its own value of a secret", [ConformanceOps.Secret], needsCallbacks: true)
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>
        {
            [SuiteControlPlane.TenantA] = "token-of-a-" + SuiteSession.Nonce(),
            [SuiteControlPlane.TenantB] = "token-of-b-" + SuiteSession.Nonce(),
        };
        foreach (var (tenant, value) in values) await session.PutSecretAsync(tenant, SuiteControlPlane.AllowedSecret, value, cancellationToken);
        string[] order = [SuiteControlPlane.TenantA, SuiteControlPlane.TenantB, SuiteControlPlane.TenantA, SuiteControlPlane.TenantB];
        foreach (var tenant in order)
        {
            var read = await SecretChecks.ReadAsync(session, tenant, SuiteControlPlane.AllowedSecret, cancellationToken);
            var other = values.First(v => v.Key != tenant).Value;
            if (read.Text.Contains(other, StringComparison.Ordinal)) return CheckResult.Fail($"{tenant} read the other tenant's value: {read}");
            if (SecretChecks.ValueOf(read) != values[tenant]) return CheckResult.Fail($"{tenant} did not read its own value: {read}");
        }
        return CheckResult.Pass($"'{SuiteControlPlane.AllowedSecret}' read {order.Length} times, alternating tenants: each saw its own value");
    }
}

/// <summary>
/// A secret outside the binding's allow-list is not revealed (the control plane refuses the callback; the provider
/// reports denied or not found), while one inside it resolves.
/// </summary>
internal sealed class SecretsAllowListCheck() : ConformanceCheck("secrets-allow-list", "secrets resolve within the binding's allow-list and nowhere else", [ConformanceOps.Secret], needsCallbacks: true)
{
    public override async Task<CheckResult> RunAsync(SuiteSession session, CancellationToken cancellationToken)
    {
        var allowed = "allowed-" + SuiteSession.Nonce();
        var forbidden = "forbidden-" + SuiteSession.Nonce();
        await session.PutSecretAsync(SuiteControlPlane.TenantA, SuiteControlPlane.AllowedSecret, allowed, cancellationToken);
        await session.PutSecretAsync(SuiteControlPlane.TenantA, SuiteControlPlane.ForbiddenSecret, forbidden, cancellationToken);
        var inside = await SecretChecks.ReadAsync(session, SuiteControlPlane.TenantA, SuiteControlPlane.AllowedSecret, cancellationToken);
        if (SecretChecks.ValueOf(inside) != allowed) return CheckResult.Fail($"'{SuiteControlPlane.AllowedSecret}' (allowed) did not resolve: {inside}");
        var outside = await SecretChecks.ReadAsync(session, SuiteControlPlane.TenantA, SuiteControlPlane.ForbiddenSecret, cancellationToken);
        if (outside.Text.Contains(forbidden, StringComparison.Ordinal))
            return CheckResult.Fail($"'{SuiteControlPlane.ForbiddenSecret}' is outside the allow-list but its value came back: {outside}");
        if (!outside.Ok) return CheckResult.Fail($"reading '{SuiteControlPlane.ForbiddenSecret}' failed the call: {outside}");
        return CheckResult.Pass($"'{SuiteControlPlane.AllowedSecret}' resolved; '{SuiteControlPlane.ForbiddenSecret}' → {outside.Object?["secret"]?.ToJsonString()}");
    }
}

/// <summary>The <c>secret</c> op as the secret checks use it.</summary>
internal static class SecretChecks
{
    public static Task<CallOutcome> ReadAsync(SuiteSession session, string tenant, string key, CancellationToken cancellationToken) =>
        session.InvokeAsync(ConformanceOps.Secret, new JsonObject { ["secret"] = key }.ToJsonString(), tenant, cancellationToken: cancellationToken);

    public static string? ValueOf(CallOutcome outcome) =>
        outcome.Object?["secret"]?["value"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
