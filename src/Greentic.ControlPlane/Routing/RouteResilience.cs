using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Greentic.ControlPlane.Routing;

/// <summary>
/// Builds the Polly pipeline a binding asks for: retry (outermost; exponential backoff with jitter from
/// base_delay, capped at max_delay) → circuit breaker → timeout (innermost, so <c>timeout</c> bounds each
/// attempt). A pipeline holds breaker state: build one per binding target and keep it across calls.
/// </summary>
public static class RouteResilience
{
    /// <param name="binding">The binding whose settings to apply.</param>
    /// <param name="isTransient">Which failures count (for retries and the breaker); e.g. UNAVAILABLE or a retryable node error.</param>
    /// <param name="time">The clock (tests pass a fake).</param>
    public static ResiliencePipeline Create(RouteBinding binding, Func<Exception, bool> isTransient, TimeProvider? time = null)
    {
        var builder = new ResiliencePipelineBuilder();
        if (time is not null) builder.TimeProvider = time;
        if (binding.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = binding.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = binding.Retry.BaseDelay,
                MaxDelay = binding.Retry.MaxDelay,
                ShouldHandle = new PredicateBuilder().Handle(isTransient),
            });
        }
        if (binding.Breaker is { } breaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinThroughput,
                BreakDuration = breaker.BreakDuration,
                SamplingDuration = breaker.SamplingDuration,
                ShouldHandle = new PredicateBuilder().Handle(isTransient),
            });
        }
        builder.AddTimeout(binding.Timeout);
        return builder.Build();
    }
}
