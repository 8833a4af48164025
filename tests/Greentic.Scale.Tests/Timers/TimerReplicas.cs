using System.Collections.Concurrent;
using Greentic.ControlPlane.Stores;
using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Timers;
using Greentic.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Greentic.Scale.Tests.Timers;

/// <summary>
/// Several in-process scheduler "replicas", each with its own connection pool to one shared database, one fake clock
/// they all read, and one record of what every replica's target did.
/// </summary>
internal sealed class TimerReplicas : IAsyncDisposable
{
    private readonly List<SqlStateStore> _stores = [];

    public TimerReplicas(Func<SqlStateStore> store, StateStoreOptions options, TimerOptions timers, int count)
    {
        Options = timers;
        for (var i = 0; i < count; i++)
        {
            var s = store();
            _stores.Add(s);
            var target = new RecordingTarget(this, $"replica-{i}");
            Targets.Add(target);
            Replicas.Add(new TimerScheduler(new TickLeases(s, options), [target], TestOptions.Monitor(timers),
                TestOptions.Monitor(new TenancyOptions { Env = "dev" }), Clock, NullLogger<TimerScheduler>.Instance, owner: $"replica-{i}"));
        }
        Leases = new TickLeases(_stores[0], options);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    public TimerOptions Options { get; }
    public List<TimerScheduler> Replicas { get; } = [];
    public List<RecordingTarget> Targets { get; } = [];
    public TickLeases Leases { get; }

    /// <summary>Completed firings per key, and which replica did each.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Fired { get; } = new(StringComparer.Ordinal);

    /// <summary>Every replica in <paramref name="alive"/> (default all) runs one pass at the same clock reading, concurrently.</summary>
    public Task PassAsync(params int[] alive) =>
        Task.WhenAll((alive.Length == 0 ? Enumerable.Range(0, Replicas.Count) : alive).Select(i => Replicas[i].RunOnceAsync(CancellationToken.None)));

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _stores) await s.DisposeAsync();
    }

    internal sealed class RecordingTarget(TimerReplicas owner, string name) : ITimerTarget
    {
        /// <summary>Set to make this replica's next firings hang until cancelled (a replica about to die) or fail.</summary>
        public Func<string, CancellationToken, Task>? Behaviour { get; set; }

        public TaskCompletionSource Entered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Handles(TimerSchedule schedule) => true;

        public async Task FireAsync(TimerSchedule schedule, DateTimeOffset tick, string key, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            if (Behaviour is { } b) await b(key, cancellationToken);
            owner.Fired.GetOrAdd(key, _ => []).Add(name);
        }
    }
}
