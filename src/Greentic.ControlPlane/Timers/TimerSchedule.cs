using System.Text.Json;
using Cronos;
using Greentic.ControlPlane.Tenancy;

namespace Greentic.ControlPlane.Timers;

/// <summary>A validated schedule: its id, parsed cron expression, zone and target.</summary>
public sealed record TimerSchedule(string Id, TenantContext Tenant, CronExpression Cron, TimeZoneInfo Zone, TimerScheduleOptions Source)
{
    public bool FiresEvent => Source.EventTopic is not null;

    /// <summary>Ticks in (<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public IEnumerable<DateTimeOffset> Ticks(DateTimeOffset from, DateTimeOffset to) =>
        Cron.GetOccurrences(from.UtcDateTime, to.UtcDateTime, Zone, fromInclusive: false, toInclusive: true).Select(t => new DateTimeOffset(t, TimeSpan.Zero));

    /// <summary>The dedupe key of one firing: <c>{schedule_id}@{tick}</c> (CONTRACTS §3).</summary>
    public string KeyOf(DateTimeOffset tick) => $"{Id}@{tick.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";

    /// <summary>Parses one configured schedule, or says what to fix (naming the schedule's index and field).</summary>
    public static TimerSchedule? TryParse(TimerScheduleOptions o, string env, int index, out string? error)
    {
        var at = $"{TimerOptions.SectionName}:Schedules:{index}";
        error = null;
        if (!TenantContext.IsValidIdentifier(o.Name)) error = $"{at}:Name '{TenantContext.Sanitize(o.Name)}' must be an identifier";
        else if (!TenantContext.TryCreate(env, o.Tenant, string.IsNullOrEmpty(o.Team) ? null : o.Team, null, out var tenant, out var why))
            error = $"{at}: tenant/team: {why}";
        else if (!TryCron(o.Cron, out var cron, out why)) error = $"{at}:Cron '{TenantContext.Sanitize(o.Cron)}': {why}";
        else if (!TryZone(o.TimeZone, out var zone)) error = $"{at}:TimeZone '{TenantContext.Sanitize(o.TimeZone)}' is not a known time zone (e.g. UTC, Europe/Paris)";
        else if ((o.EventTopic is null) == (o.ProviderType is null || o.Op is null))
            error = $"{at}: set either ProviderType and Op (a provider call) or EventTopic (an event), not both or neither";
        else if (!IsJsonObject(o.InputJson)) error = $"{at}:InputJson must be a JSON object";
        else return new TimerSchedule($"{env}/{o.Tenant}/{o.Name}", tenant, cron, zone, o);
        return null;
    }

    private static bool TryCron(string text, out CronExpression cron, out string? error)
    {
        cron = null!;
        error = null;
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            cron = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return true;
        }
        catch (CronFormatException e)
        {
            error = $"{e.Message} (six fields with seconds first, e.g. '*/10 * * * * *')";
            return false;
        }
    }

    private static bool TryZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrEmpty(id) || id == "UTC") return true;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
