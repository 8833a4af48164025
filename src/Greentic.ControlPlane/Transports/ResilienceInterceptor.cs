using Greentic.ControlPlane.Errors;
using Greentic.ControlPlane.Routing;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Greentic.ControlPlane.Transports;

/// <summary>
/// A binding's resilience as a client interceptor on its transport: retries only for retryable outcomes
/// (<see cref="ProviderOutcome"/>, honouring a provider's <c>backoff_ms</c>), exponential backoff with jitter, and a
/// circuit breaker. The binding's timeout is applied as a per-attempt deadline rather than a Polly timeout, so it
/// travels to the provider in <c>grpc-timeout</c> and shrinks across hops: an attempt's deadline is the earlier of
/// the caller's deadline and now + the binding's timeout. Every retry is logged with the delay it waited and the
/// backoff the provider asked for, so operators (and the conformance suite) can see a hint honoured.
/// </summary>
internal sealed partial class ResilienceInterceptor : Interceptor
{
    private readonly string _binding;
    private readonly RouteBinding _settings;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _pipeline;

    public ResilienceInterceptor(string binding, RouteBinding settings, TimeProvider time, ILogger? logger = null)
    {
        _binding = binding;
        _settings = settings;
        _time = time;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (settings.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.Retry.BaseDelay,
                MaxDelay = settings.Retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(OutcomeOf(args.Outcome).Retryable),
                DelayGenerator = args => ValueTask.FromResult(OutcomeOf(args.Outcome).Backoff),
                OnRetry = args =>
                {
                    if (logger is not null)
                        LogRetrying(logger, binding, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                            OutcomeOf(args.Outcome).Backoff?.TotalMilliseconds ?? -1);
                    return ValueTask.CompletedTask;
                },
            });
        }
        if (settings.Breaker is { } breaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(OutcomeOf(args.Outcome).Failed),
            });
        }
        _pipeline = builder.Build();
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        new(ExecuteAsync(request, context, continuation), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

    private async Task<TResponse> ExecuteAsync<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation) where TRequest : class where TResponse : class
    {
        var options = context.Options;
        var callerDeadline = options.Deadline?.ToUniversalTime() ?? DateTime.MaxValue;
        try
        {
            var attempt = await _pipeline.ExecuteAsync(async ct =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                var deadline = now + _settings.Timeout < callerDeadline ? now + _settings.Timeout : callerDeadline;
                if (deadline <= now)
                    throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"Deadline exceeded before provider binding '{_binding}' could be tried again."));
                try
                {
                    var attemptContext = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host,
                        options.WithDeadline(deadline).WithCancellationToken(ct));
                    using var call = continuation(request, attemptContext);
                    var response = await call.ResponseAsync.ConfigureAwait(false);
                    return new Attempt<TResponse>(response, response is Google.Protobuf.IMessage m ? ProviderOutcome.Of(m) : ProviderOutcome.Success);
                }
                catch (RpcException e)
                {
                    throw new AttemptFailed(e, ProviderOutcome.Of(e));
                }
            }, options.CancellationToken).ConfigureAwait(false);
            return attempt.Response;
        }
        catch (AttemptFailed failed)
        {
            throw failed.Exception;
        }
        catch (BrokenCircuitException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                    $"Provider binding '{_binding}' is failing; its circuit breaker is open for up to {_settings.Breaker!.BreakDuration.TotalSeconds:0.#}s."))
                .WithCause(new ErrorCause(ErrorReasons.ProviderUnavailable,
                    new Dictionary<string, string> { ["route"] = _binding, ["circuit"] = "open" }, e.RetryAfter ?? _settings.Breaker.BreakDuration));
        }
    }

    private static ProviderOutcome OutcomeOf<T>(Outcome<T> outcome) => outcome.Exception switch
    {
        AttemptFailed failed => failed.Outcome,
        null => outcome.Result is IAttempt attempt ? attempt.Outcome : ProviderOutcome.Success,
        _ => new ProviderOutcome(false, null, true),
    };

    private interface IAttempt
    {
        ProviderOutcome Outcome { get; }
    }

    private sealed record Attempt<T>(T Response, ProviderOutcome Outcome) : IAttempt;

    /// <summary>Carries a failed attempt's status and its classification through the pipeline (classified once).</summary>
    private sealed class AttemptFailed(RpcException exception, ProviderOutcome outcome) : Exception(exception.Message, exception)
    {
        public RpcException Exception { get; } = exception;
        public ProviderOutcome Outcome { get; } = outcome;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information,
        Message = "Provider binding {Binding}: attempt {Attempt} is retryable; retrying in {DelayMs} ms (the provider asked for {BackoffMs} ms, -1: no hint)")]
    private static partial void LogRetrying(ILogger logger, string binding, int attempt, double delayMs, double backoffMs);
}
