using System.Collections.Concurrent;

namespace Greentic.ControlPlane.Tests.Messaging;

/// <summary>
/// The clock of the messaging pipeline in tests: real time, but every timer fires at once and its due time is recorded,
/// so the retry schedule is asserted exactly and no test waits for a backoff.
/// </summary>
public sealed class RecordingDelays : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan) Delays.Enqueue(dueTime);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
