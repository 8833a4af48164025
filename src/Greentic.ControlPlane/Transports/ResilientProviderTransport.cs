using Greentic.Provider.V1;
using Greentic.Rpc;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// Wraps a transport with the binding's resilience: retries only for retryable failures (UNAVAILABLE, or a
/// node-error with <c>retryable: true</c>, honouring its <c>backoff_ms</c>), exponential backoff with jitter,
/// and a circuit breaker. The timeout is applied as a per-attempt deadline rather than a Polly timeout, so
/// it travels to the provider in <c>grpc-timeout</c> and shrinks across hops: an attempt's deadline is the
/// earlier of the caller's deadline and now + the binding's timeout.
/// </summary>
public sealed class ResilientProviderTransport : IProviderTransport
{
    private readonly IProviderTransport _inner;
    private readonly ResilienceSettings _settings;
    private readonly ResiliencePipeline _pipeline;
    private readonly string _name;

    public ResilientProviderTransport(string name, IProviderTransport inner, ResilienceSettings settings, TimeProvider? time = null)
    {
        _name = name;
        _inner = inner;
        _settings = settings;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System };
        if (settings.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(RetryClassifier.Classify(args.Outcome.Result, args.Outcome.Exception).Retryable),
                // An explicit backoff_ms from the provider wins over the computed delay.
                DelayGenerator = args => ValueTask.FromResult(RetryClassifier.Classify(args.Outcome.Result, args.Outcome.Exception).Backoff),
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = settings.MinimumThroughput,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded }
                || RetryClassifier.Classify(args.Outcome.Result, args.Outcome.Exception).Retryable),
        });
        _pipeline = builder.Build();
    }

    public string Kind => _inner.Kind;

    public Task<DescribeResponse> DescribeAsync(DescribeRequest request, CallOptions options) =>
        Execute(options, o => _inner.DescribeAsync(request, o));

    public Task<ValidateConfigResponse> ValidateConfigAsync(ValidateConfigRequest request, CallOptions options) =>
        Execute(options, o => _inner.ValidateConfigAsync(request, o));

    public Task<HealthcheckResponse> HealthcheckAsync(HealthcheckRequest request, CallOptions options) =>
        Execute(options, o => _inner.HealthcheckAsync(request, o));

    public Task<InvokeResponse> InvokeAsync(InvokeRequest request, CallOptions options) =>
        Execute(options, o => _inner.InvokeAsync(request, o));

    private async Task<T> Execute<T>(CallOptions options, Func<CallOptions, Task<T>> call)
    {
        var callerDeadline = options.Deadline?.ToUniversalTime() ?? DateTime.MaxValue;
        try
        {
            return await _pipeline.ExecuteAsync(async ct =>
            {
                var attemptDeadline = DateTime.UtcNow + _settings.Timeout;
                if (attemptDeadline > callerDeadline) attemptDeadline = callerDeadline;
                if (attemptDeadline <= DateTime.UtcNow)
                    throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"Deadline exceeded before provider binding '{_name}' could be tried again."));
                return await call(options with { Deadline = attemptDeadline, CancellationToken = ct });
            }, options.CancellationToken);
        }
        catch (BrokenCircuitException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"Provider binding '{_name}' is failing; its circuit breaker is open for up to {_settings.BreakDuration.TotalSeconds:0.#}s."));
        }
    }
}
