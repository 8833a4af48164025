using System.Text;
using System.Text.Json;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Tenancy;
using Greentic.Providers;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Timers;

/// <summary>
/// Fires a schedule as a provider op through <see cref="ProviderRouter"/> — the routing policy, transports, resilience
/// and telemetry every provider call gets — as the schedule's tenant (and team), with
/// <c>idempotency_key = {schedule_id}@{tick}</c> in the tenant context. A failure answer (<c>{"ok":false}</c>) or status
/// counts as a failed firing.
/// </summary>
public sealed class ProviderTimerTarget(ProviderRouter router) : ITimerTarget
{
    public bool Handles(TimerSchedule schedule) => !schedule.FiresEvent;

    public async Task FireAsync(TimerSchedule schedule, DateTimeOffset tick, string key, CancellationToken cancellationToken)
    {
        var s = schedule.Source;
        var ctx = new TenantCtx { Env = schedule.Tenant.Env, Tenant = schedule.Tenant.Tenant, TenantId = schedule.Tenant.Tenant, IdempotencyKey = key, CorrelationId = key };
        if (schedule.Tenant.Team is { } team)
        {
            ctx.Team = team;
            ctx.TeamId = team;
        }
        ctx.Attributes.Add(new KeyValue { Key = "greentic.timer.schedule", Value = schedule.Id });
        ctx.Attributes.Add(new KeyValue { Key = "greentic.timer.tick", Value = tick.UtcDateTime.ToString("O") });
        var caller = new AuthorizedCall(new Principal("timer:" + schedule.Id, AuthenticationMethod.Internal, tenants: [schedule.Tenant.Tenant]), schedule.Tenant, ctx);
        var call = new ProviderCall(s.ProviderType!, ProviderFunction.Invoke, s.Op!, Encoding.UTF8.GetBytes(s.InputJson), ctx);
        var answer = await router.CallAsync(caller, call, deadline: null, cancellationToken);
        if (FailureOf(answer.Memory) is { } reason)
            throw new InvalidOperationException($"provider '{s.ProviderType}' op '{s.Op}' answered a failure: {reason}");
    }

    /// <summary>The error message of a <c>{"ok":false,"error":{…}}</c> answer, or null for any other answer.</summary>
    private static string? FailureOf(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.False) return null;
            return root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m)
                ? m.GetString() ?? "(no message)" : "(no message)";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
