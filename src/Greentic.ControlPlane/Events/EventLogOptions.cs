using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// <c>Greentic:Events</c>: the tenant event logs. The back end follows <c>Greentic:Stores</c> (SQLite by default,
/// PostgreSQL when the stores point there, in the same schema); every default lives here.
/// </summary>
public sealed class EventLogOptions
{
    public const string SectionName = "Greentic:Events";

    /// <summary>The SQLite file; default <c>events.db</c> beside the state database.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Events older than this are deleted (by the time they were appended). Null or zero: no age limit.</summary>
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many events are kept per tenant (the oldest go first). Null or zero: no count limit.</summary>
    public long? MaxEventsPerTenant { get; set; } = 100_000;

    /// <summary>How often retention runs.</summary>
    public TimeSpan TrimInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an idle subscription waits before looking at the log again (appends by another replica).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest payload_json one event may carry.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>The most events one Publish may carry.</summary>
    public int MaxEventsPerPublish { get; set; } = 1000;

    /// <summary>How many events a subscription reads from the log at a time (what it holds in memory).</summary>
    public int ReadBatchSize { get; set; } = 100;

    internal RetentionPolicy Retention => new(
        MaxAge is { } age && age > TimeSpan.Zero ? age : null,
        MaxEventsPerTenant is { } max && max > 0 ? max : null);
}

internal sealed class EventLogOptionsValidator : IValidateOptions<EventLogOptions>
{
    public ValidateOptionsResult Validate(string? name, EventLogOptions o)
    {
        var errors = new List<string>();
        var s = EventLogOptions.SectionName;
        if (o.MaxAge < TimeSpan.Zero) errors.Add($"{s}:MaxAge must not be negative");
        if (o.MaxEventsPerTenant < 0) errors.Add($"{s}:MaxEventsPerTenant must not be negative");
        if (o.TrimInterval <= TimeSpan.Zero) errors.Add($"{s}:TrimInterval must be positive");
        if (o.PollInterval <= TimeSpan.Zero) errors.Add($"{s}:PollInterval must be positive");
        if (o.MaxPayloadBytes < 1) errors.Add($"{s}:MaxPayloadBytes must be positive");
        if (o.MaxEventsPerPublish < 1) errors.Add($"{s}:MaxEventsPerPublish must be positive");
        if (o.ReadBatchSize is < 1 or > 10_000) errors.Add($"{s}:ReadBatchSize must be between 1 and 10000");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
