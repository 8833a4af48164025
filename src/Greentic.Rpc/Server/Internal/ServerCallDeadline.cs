namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// The deadline of a call that sent <c>grpc-timeout</c>. When it passes, the response is ended with
/// DEADLINE_EXCEEDED first and the handler's token cancelled after, so the client sees the deadline rather
/// than a cancellation. <see cref="Lock"/> keeps that from racing with a message write or the call's own end.
/// </summary>
internal sealed class ServerCallDeadline : IDisposable
{
    // Timer's limit (about 49.7 days); longer timeouts are capped, as in grpc-dotnet.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly HttpContextServerCallContext _context;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenRegistration _abortRegistration;
    private readonly Timer _timer;

    public ServerCallDeadline(HttpContextServerCallContext context, TimeSpan timeout, CancellationToken requestAborted)
    {
        _context = context;
        _timeout = timeout > MaxTimerDue ? MaxTimerDue : timeout;
        Deadline = DateTime.UtcNow + _timeout;
        _abortRegistration = requestAborted.UnsafeRegister(static s => ((ServerCallDeadline)s!).CancelHandler(), this);
        _timer = new Timer(static s => _ = ((ServerCallDeadline)s!).ExpireAsync(), this, _timeout, Timeout.InfiniteTimeSpan);
    }

    public DateTime Deadline { get; }

    /// <summary>The handler's token: cancelled when the client goes away or the deadline has ended the call.</summary>
    public CancellationToken Token => _cts.Token;

    public SemaphoreSlim Lock { get; } = new(1, 1);

    /// <summary>Set (under <see cref="Lock"/>) once the response has been ended, by the deadline or by the call.</summary>
    public bool CallComplete { get; set; }

    private async Task ExpireAsync()
    {
        await Lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (CallComplete) return;
            CallComplete = true;
            await _context.DeadlineExceededAsync(_timeout).ConfigureAwait(false);
        }
        finally
        {
            Lock.Release();
        }
        CancelHandler();
    }

    private void CancelHandler()
    {
        try { _cts.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _abortRegistration.Dispose();
        _cts.Dispose();
    }
}
