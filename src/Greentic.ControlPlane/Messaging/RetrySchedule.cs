namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// How long to wait before attempt <c>n + 1</c> after attempt <c>n</c> failed retryably: the provider's explicit
/// <c>backoff_ms</c> when it gave one (it wins, as upstream), else <c>InitialBackoff · 2^(n-1)</c> capped at
/// <c>MaxBackoff</c>, plus a uniform jitter in [0, MaxJitter].
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(MessagingOptions options, int failedAttempt, ulong? explicitBackoffMs, Random random)
    {
        if (explicitBackoffMs is { } ms) return TimeSpan.FromMilliseconds(Math.Min(ms, (ulong)TimeSpan.FromHours(1).TotalMilliseconds));
        var exponent = Math.Min(failedAttempt - 1, 30);
        var backoff = options.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(backoff, options.MaxBackoff.TotalMilliseconds);
        var jitter = random.NextDouble() * options.MaxJitter.TotalMilliseconds;
        return TimeSpan.FromMilliseconds(capped + jitter);
    }
}
