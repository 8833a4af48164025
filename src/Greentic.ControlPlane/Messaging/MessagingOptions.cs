using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Messaging;

/// <summary>
/// <c>Greentic:Messaging</c>: the egress pipeline's retry policy (upstream's: 5 attempts, 500 ms doubling, cap 30 s,
/// jitter ≤ 250 ms; a node-error <c>backoff_ms</c> wins) and its store. Every default lives here.
/// </summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Greentic:Messaging";

    public int MaxAttempts { get; set; } = 5;
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxJitter { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a caller's job_id is remembered (a repeat returns the first outcome).</summary>
    public TimeSpan JobTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a job in progress holds its id against repeats before another attempt may take it over (a crashed sender).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The SQLite file for dead letters and jobs; default <c>messaging.db</c> beside the state database (PostgreSQL follows <c>Greentic:Stores</c>).</summary>
    public string? SqlitePath { get; set; }

    /// <summary>The largest envelope a Send accepts, as JSON.</summary>
    public int MaxEnvelopeBytes { get; set; } = 256 * 1024;
}

internal sealed class MessagingOptionsValidator : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions o)
    {
        var s = MessagingOptions.SectionName;
        var errors = new List<string>();
        if (o.MaxAttempts is < 1 or > 20) errors.Add($"{s}:MaxAttempts must be between 1 and 20");
        if (o.InitialBackoff < TimeSpan.Zero) errors.Add($"{s}:InitialBackoff must not be negative");
        if (o.MaxBackoff < o.InitialBackoff) errors.Add($"{s}:MaxBackoff must be at least InitialBackoff");
        if (o.MaxJitter < TimeSpan.Zero) errors.Add($"{s}:MaxJitter must not be negative");
        if (o.JobTtl <= TimeSpan.Zero || o.JobLease <= TimeSpan.Zero) errors.Add($"{s}:JobTtl and JobLease must be positive");
        if (o.MaxEnvelopeBytes < 1) errors.Add($"{s}:MaxEnvelopeBytes must be positive");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
