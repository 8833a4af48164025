using System.Text;
using Greentic.ControlPlane.Events;

namespace Greentic.ControlPlane.Timers;

/// <summary>
/// Fires a schedule as an event on the tenant's log (<see cref="IEventLog"/>: SQL or JetStream) with the firing key
/// <c>{schedule_id}@{tick}</c> as the event id, so a tick fired twice (a replica died between the append and the mark)
/// is still one event: the log deduplicates by id.
/// </summary>
public sealed class EventTimerTarget(IServiceProvider services, TimeProvider time) : ITimerTarget
{
    public bool Handles(TimerSchedule schedule) => schedule.FiresEvent;

    public async Task FireAsync(TimerSchedule schedule, DateTimeOffset tick, string key, CancellationToken cancellationToken)
    {
        var log = services.GetService(typeof(IEventLog)) as IEventLog
            ?? throw new InvalidOperationException($"schedule '{schedule.Id}' fires events, but this host has no event log");
        var payload = Encoding.UTF8.GetBytes($$"""{"schedule_id":"{{schedule.Id}}","tick":"{{tick.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","input":{{schedule.Source.InputJson}}}""");
        await log.AppendAsync(new EventStreamId(schedule.Tenant.Env, schedule.Tenant.Tenant),
        [
            new NewEvent(key, schedule.Tenant.Team, schedule.Source.EventTopic!, "greentic.timer.tick.v1", "timer", schedule.Id, tick, key, payload,
                new Dictionary<string, string> { ["schedule_id"] = schedule.Id, ["fired_at"] = time.GetUtcNow().ToString("O") }),
        ], cancellationToken);
    }
}
