namespace Greentic.ComponentHost.Internal;

/// <summary>
/// The state of one component call: its context, its deadline and what went wrong. Host import callbacks receive
/// no store or caller from Wasmtime, so the call that runs on a thread publishes its state in a thread-static slot
/// for the duration (<see cref="Enter"/>): Wasmtime runs a synchronous call's host functions on the calling thread,
/// and each concurrent call has its own thread, so a callback always finds the call that started its instance.
/// </summary>
internal sealed class CallState
{
    [ThreadStatic] private static CallState? current;

    public CallState(ComponentCallContext context, string component, DateTimeOffset deadline, TimeProvider time,
        CancellationToken cancellation)
    {
        Context = context;
        Component = component;
        Deadline = deadline;
        Time = time;
        Cancellation = cancellation;
    }

    public ComponentCallContext Context { get; }
    public string Component { get; }
    public DateTimeOffset Deadline { get; }
    public TimeProvider Time { get; }
    /// <summary>The caller's token linked with the deadline; host imports pass it on.</summary>
    public CancellationToken Cancellation { get; }

    public volatile bool DeadlineReached;
    public volatile bool Cancelled;
    /// <summary>The guest said on stderr that an allocation failed (what Rust's allocator prints before aborting).</summary>
    public volatile bool GuestReportedAllocationFailure;

    public TimeSpan Remaining => Deadline - Time.GetUtcNow();

    /// <summary>The call running on this thread, or null outside a call.</summary>
    public static CallState? Current => current;

    /// <summary>Publishes this call for the current thread until the returned scope is disposed (nesting restores).</summary>
    public Scope Enter()
    {
        var previous = current;
        current = this;
        return new Scope(previous);
    }

    /// <summary>Checked by the epoch callback: marks and reports the end of the call's budget.</summary>
    public bool ShouldStop()
    {
        // The caller's own token means cancellation; the linked token firing (its timer is set to the deadline and
        // may fire a hair before the clock reads the deadline) or the clock passing the deadline means time is up.
        if (Context.CancellationToken.IsCancellationRequested)
        {
            Cancelled = true;
            return true;
        }
        if (Cancellation.IsCancellationRequested || Time.GetUtcNow() >= Deadline)
        {
            DeadlineReached = true;
            return true;
        }
        return false;
    }

    public readonly struct Scope(CallState? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
