namespace Greentic.ControlPlane.Transports;

/// <summary>Per-binding resilience: the attempt timeout, retries for retryable failures, and a circuit breaker.</summary>
public sealed record ResilienceSettings
{
    /// <summary>Longest a single attempt may take; the caller's own deadline shortens it further.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts in all, the first included (1 = no retry). Upstream messaging egress uses 5.</summary>
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failed calls in <see cref="SamplingDuration"/> that opens the breaker.</summary>
    public double FailureRatio { get; init; } = 0.5;
    public int MinimumThroughput { get; init; } = 10;
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);
}
