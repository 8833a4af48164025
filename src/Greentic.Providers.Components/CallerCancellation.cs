namespace Greentic.Providers.Components;

/// <summary>
/// The caller's cancellation without the deadline. The token a host hands over (a gRPC server's, the in-process
/// transport's) fires when the deadline passes as well; passed on as it is, a component stopped by its deadline would
/// be reported CANCELLED. The deadline travels to the component separately (its epoch deadline reports
/// DEADLINE_EXCEEDED), so a firing within <see cref="Slack"/> of the deadline is left to it.
/// </summary>
internal sealed class CallerCancellation : IDisposable
{
    /// <summary>Timers may fire a little before the deadline they were set for.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource source = new();
    private readonly CancellationTokenRegistration registration;

    public CallerCancellation(CancellationToken caller, DateTime? deadline, TimeProvider time)
    {
        registration = caller.Register(() =>
        {
            if (deadline is { } d && time.GetUtcNow().UtcDateTime >= d - Slack) return;
            source.Cancel();
        });
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        registration.Dispose();
        source.Dispose();
    }
}
