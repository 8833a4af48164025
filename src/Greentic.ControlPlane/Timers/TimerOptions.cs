using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Timers;

/// <summary>
/// <c>Greentic:Timers</c>: cron schedules of the tenants' bindings and how replicas share them. Every default lives
/// here. Schedules are re-read on every pass, so a configuration reload (a mounted JSON file, see
/// <c>GREENTIC_CONFIG_DIR</c>) takes effect without a restart; a pass with an invalid schedule skips that schedule
/// and logs why.
/// </summary>
public sealed class TimerOptions
{
    public const string SectionName = "Greentic:Timers";

    /// <summary>Run the scheduler on this replica. Every replica may: the claim decides who fires.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a replica looks for due ticks (the worst-case firing delay when nothing is wrong).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim protects a tick being fired; a replica that dies leaves it to another one after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ticks older than this are not fired any more (all replicas were down): late work is dropped, not replayed without end.</summary>
    public TimeSpan CatchUp { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one firing may take (a provider call's deadline); must be below <see cref="Lease"/>.</summary>
    public TimeSpan FireTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fired-tick records older than this are deleted.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromDays(1);

    public List<TimerScheduleOptions> Schedules { get; set; } = [];
}

/// <summary>
/// One schedule: <see cref="Cron"/> with seconds (six fields, <c>*/10 * * * * *</c>; five-field expressions fire at
/// second 0) in <see cref="TimeZone"/>, firing either a provider op through the routing policy (<see cref="ProviderType"/>
/// + <see cref="Op"/>, input <see cref="InputJson"/>) or an event on the tenant's log (<see cref="EventTopic"/>).
/// The firing carries <c>idempotency_key = {schedule_id}@{tick}</c>, where schedule_id is <c>{env}/{tenant}/{Name}</c>.
/// </summary>
public sealed class TimerScheduleOptions
{
    public string Name { get; set; } = "";
    public string Tenant { get; set; } = "";
    public string? Team { get; set; }
    public string Cron { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string? ProviderType { get; set; }
    public string? Op { get; set; }
    public string InputJson { get; set; } = "{}";
    public string? EventTopic { get; set; }
}

internal sealed class TimerOptionsValidator : IValidateOptions<TimerOptions>
{
    public ValidateOptionsResult Validate(string? name, TimerOptions o)
    {
        var s = TimerOptions.SectionName;
        var errors = new List<string>();
        if (o.PollInterval < TimeSpan.FromMilliseconds(10)) errors.Add($"{s}:PollInterval must be at least 10ms");
        if (o.FireTimeout <= TimeSpan.Zero || o.FireTimeout >= o.Lease) errors.Add($"{s}:FireTimeout must be positive and below Lease ({o.Lease})");
        if (o.CatchUp <= TimeSpan.Zero) errors.Add($"{s}:CatchUp must be positive");
        if (o.History < o.CatchUp) errors.Add($"{s}:History must be at least CatchUp");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
