using System.Collections.Concurrent;

namespace Greentic.ControlPlane.Events;

/// <summary>
/// Wakes this process's idle subscriptions of a stream when it appends to it. Take <see cref="Next"/> before
/// reading the log, so an append between the read and the wait is not missed.
/// </summary>
internal sealed class EventAppendSignal
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next append to <paramref name="stream"/>.</summary>
    public Task Next(EventStreamId stream) =>
        _waiters.GetOrAdd(stream.Key, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(EventStreamId stream)
    {
        if (_waiters.TryRemove(stream.Key, out var waiter)) waiter.TrySetResult();
    }
}
