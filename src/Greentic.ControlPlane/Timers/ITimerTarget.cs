namespace Greentic.ControlPlane.Timers;

/// <summary>
/// What a fired tick does: one implementation per kind of target (provider op, event), registered in DI; the scheduler
/// uses the first that <see cref="Handles"/> a schedule. <see cref="FireAsync"/> throws to report a failure: the tick is
/// released and retried by the next pass.
/// </summary>
public interface ITimerTarget
{
    bool Handles(TimerSchedule schedule);

    /// <param name="key">The firing's dedupe key, <c>{schedule_id}@{tick}</c>: the same on every retry of the tick, so the target can be idempotent.</param>
    Task FireAsync(TimerSchedule schedule, DateTimeOffset tick, string key, CancellationToken cancellationToken);
}
