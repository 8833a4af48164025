using Greentic.ControlPlane.Tenancy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Timers;

/// <summary>
/// Fires each tick of each configured schedule exactly once across all replicas. Every replica runs this; each pass:
/// <list type="number">
/// <item>read the schedules (configuration reloads apply on the next pass);</item>
/// <item>for every tick in (now − CatchUp, now] — and after the schedule's last claimed tick, or after the first pass
/// for a schedule never run — not yet known to be fired, claim <c>{schedule_id}@{tick}</c> in the
/// shared <see cref="TickLeases"/> table — exactly one replica wins;</item>
/// <item>the winner fires the target (provider op or event) within FireTimeout and marks the tick fired; a failure
/// releases the claim, so the next pass of any replica retries it; a replica that dies holding a claim leaves a lease
/// that expires after Lease, and another replica fires the tick then.</item>
/// </list>
/// The one window left is a replica dying after its target acted but before the mark: the tick then fires again after
/// the lease, with the same idempotency key (<c>{schedule_id}@{tick}</c>), which event logs and idempotent providers
/// deduplicate. All times come from <see cref="TimeProvider"/>.
/// </summary>
public sealed class TimerScheduler : BackgroundService
{
    private readonly TickLeases _leases;
    private readonly IReadOnlyList<ITimerTarget> _targets;
    private readonly IOptionsMonitor<TimerOptions> _options;
    private readonly IOptionsMonitor<TenancyOptions> _tenancy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HashSet<string> _fired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _floors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reportedErrors = new(StringComparer.Ordinal);
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public TimerScheduler(TickLeases leases, IEnumerable<ITimerTarget> targets, IOptionsMonitor<TimerOptions> options,
        IOptionsMonitor<TenancyOptions> tenancy, TimeProvider time, ILogger<TimerScheduler> logger, string? owner = null)
    {
        _leases = leases;
        _targets = targets.ToList();
        _options = options;
        _tenancy = tenancy;
        _time = time;
        _logger = logger;
        Owner = owner ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This replica's name in claims.</summary>
    public string Owner { get; }

    /// <summary>One pass at the clock's current time; returns how many ticks this replica fired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var o = _options.CurrentValue;
        var now = _time.GetUtcNow();
        var firings = new List<Task<bool>>();
        foreach (var schedule in Schedules(o))
        {
            if (!_floors.TryGetValue(schedule.Id, out var floor))
            {
                // A schedule no replica ever ran starts now; one with history resumes after its last tick (within CatchUp).
                // (Inclusive of the last tick: it may be an orphaned claim of a replica that died.)
                floor = (await _leases.LastTickAsync(schedule.Id, cancellationToken))?.AddMilliseconds(-1) ?? now - o.PollInterval;
                _floors[schedule.Id] = floor;
            }
            foreach (var tick in schedule.Ticks(floor > now - o.CatchUp ? floor : now - o.CatchUp, now))
            {
                var key = schedule.KeyOf(tick);
                if (_fired.Contains(key)) continue;
                var claim = await _leases.TryClaimAsync(schedule.Id, tick, Owner, now, o.Lease, cancellationToken);
                if (claim == TickClaim.Fired) _fired.Add(key);
                if (claim == TickClaim.Claimed) firings.Add(FireAsync(schedule, tick, key, o, cancellationToken));
            }
        }
        var results = await Task.WhenAll(firings);
        if (now - _lastPurge > o.CatchUp)
        {
            _fired.RemoveWhere(k => KeyTick(k) is { } t && t < now - o.CatchUp);
            await _leases.PurgeAsync(now - o.History, cancellationToken);
            _lastPurge = now;
        }
        return results.Count(r => r);
    }

    private async Task<bool> FireAsync(TimerSchedule schedule, DateTimeOffset tick, string key, TimerOptions o, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.FireTimeout);
        try
        {
            await TargetFor(schedule).FireAsync(schedule, tick, key, timeout.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            TimersLog.FireFailed(_logger, key, e.Message);
            await _leases.ReleaseAsync(schedule.Id, tick, Owner, CancellationToken.None);
            return false;
        }
        if (await _leases.CompleteAsync(schedule.Id, tick, Owner, _time.GetUtcNow(), cancellationToken))
        {
            _fired.Add(key);
            TimersLog.Fired(_logger, key, Owner);
            return true;
        }
        TimersLog.ClaimLost(_logger, key, o.Lease);
        return false;
    }

    private ITimerTarget TargetFor(TimerSchedule schedule) =>
        _targets.FirstOrDefault(t => t.Handles(schedule))
        ?? throw new InvalidOperationException(schedule.FiresEvent
            ? "event schedules need the events log (EventsService), which this host does not run"
            : "no timer target handles provider schedules");

    private List<TimerSchedule> Schedules(TimerOptions o)
    {
        var env = _tenancy.CurrentValue.Env;
        var list = new List<TimerSchedule>();
        for (var i = 0; i < o.Schedules.Count; i++)
        {
            var parsed = TimerSchedule.TryParse(o.Schedules[i], env, i, out var error);
            var name = $"{i}:{o.Schedules[i].Name}";
            if (parsed is null)
            {
                // Report a bad schedule once per distinct error, not every pass.
                if (!_reportedErrors.TryGetValue(name, out var seen) || seen != error) TimersLog.BadSchedule(_logger, error!);
                _reportedErrors[name] = error!;
                continue;
            }
            _reportedErrors.Remove(name);
            if (list.Any(s => s.Id == parsed.Id))
            {
                TimersLog.BadSchedule(_logger, $"{TimerOptions.SectionName}:Schedules:{i}: schedule id '{parsed.Id}' is used twice; the first one runs");
                continue;
            }
            list.Add(parsed);
        }
        return list;
    }

    private static DateTimeOffset? KeyTick(string key) =>
        DateTimeOffset.TryParse(key[(key.LastIndexOf('@') + 1)..], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var o = _options.CurrentValue;
            if (o.Enabled)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database may be away for a moment; the next pass tries again and CatchUp covers the gap.
                    TimersLog.PassFailed(_logger, e.Message);
                }
            }
            try
            {
                await Task.Delay(o.PollInterval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
