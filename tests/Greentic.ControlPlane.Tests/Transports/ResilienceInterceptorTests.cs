using System.Text;
using Greentic.ControlPlane.Routing;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Transports;
using Greentic.Providers;
using Greentic.Types.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Greentic.ControlPlane.Tests.Transports;

/// <summary>
/// A binding's resilience on a transport's <see cref="CallInvoker"/>: which outcomes are retried (UNAVAILABLE, node-errors
/// marked retryable, with their backoff_ms), the per-attempt deadline, and the circuit breaker.
/// </summary>
public sealed class ResilienceInterceptorTests
{
    private const string Ok = """{"ok":true}""";
    private const string RetryableFailure = """{"ok":false,"error":{"code":"unavailable","message":"m","retryable":true,"backoff_ms":1234}}""";
    private const string FinalFailure = """{"ok":false,"error":{"code":"invalid-input","message":"m","retryable":false}}""";

    private static readonly RetrySettings FourAttempts = new(4, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    private readonly DelayRecordingClock _clock = new();

    private static RouteBinding Binding(RetrySettings? retry = null, TimeSpan? timeout = null, BreakerSettings? breaker = null) =>
        new(RouteTransport.Sidecar, "unix:///run/test.sock", timeout ?? TimeSpan.FromSeconds(5), retry ?? FourAttempts, breaker, SecretsAllowList.None);

    private ProviderTransport Transport(ScriptedCallInvoker inner, RouteBinding binding, string name = "test-binding") =>
        new("sidecar", binding.Target, inner.Intercept(new ResilienceInterceptor(name, binding, _clock)));

    private static readonly ProviderCall Call = new("echo", ProviderFunction.Invoke, "echo", Encoding.UTF8.GetBytes("{}"), new TenantCtx { Env = "dev", Tenant = "acme" });

    private static async Task<string> InvokeAsync(ProviderTransport transport, CallOptions options = default) =>
        (await transport.CallAsync(Call, options)).ToStringUtf8();

    [Fact]
    public async Task Unavailable_is_retried_with_backoff_until_the_provider_answers()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Fail(StatusCode.Unavailable), ScriptedCallInvoker.Fail(StatusCode.Unavailable),
            ScriptedCallInvoker.Invoke(Ok));
        Assert.Equal(Ok, await InvokeAsync(Transport(inner, Binding())));
        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, _clock.Delays.Count);
        Assert.All(_clock.Delays, d => Assert.InRange(d, TimeSpan.Zero, FourAttempts.MaxDelay));
    }

    [Fact]
    public async Task A_retryable_node_error_is_retried_after_the_backoff_the_provider_asked_for()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Invoke(RetryableFailure), ScriptedCallInvoker.Invoke(Ok));
        Assert.Equal(Ok, await InvokeAsync(Transport(inner, Binding())));
        Assert.Equal(2, inner.Calls);
        Assert.Equal([TimeSpan.FromMilliseconds(1234)], _clock.Delays);
    }

    [Fact]
    public async Task The_last_retryable_failure_is_the_answer_when_attempts_run_out()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Invoke(RetryableFailure));
        Assert.Equal(RetryableFailure, await InvokeAsync(Transport(inner, Binding())));
        Assert.Equal(4, inner.Calls);

        var unavailable = new ScriptedCallInvoker(ScriptedCallInvoker.Fail(StatusCode.Unavailable));
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(Transport(unavailable, Binding())));
        Assert.Equal((StatusCode.Unavailable, "scripted Unavailable"), (ex.StatusCode, ex.Status.Detail));
        Assert.Equal(4, unavailable.Calls);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Internal)]
    public async Task Final_statuses_are_not_retried(StatusCode code)
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Fail(code), ScriptedCallInvoker.Invoke(Ok));
        var ex = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(Transport(inner, Binding())));
        Assert.Equal(code, ex.StatusCode);
        Assert.Equal(1, inner.Calls);
        Assert.Empty(_clock.Delays);
    }

    [Fact]
    public async Task A_node_error_not_marked_retryable_is_final()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Invoke(FinalFailure), ScriptedCallInvoker.Invoke(Ok));
        Assert.Equal(FinalFailure, await InvokeAsync(Transport(inner, Binding())));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task With_the_default_retry_settings_a_call_is_tried_once()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Fail(StatusCode.Unavailable), ScriptedCallInvoker.Invoke(Ok));
        await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(Transport(inner, Binding(retry: ResilienceDefaults.Retry))));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Each_attempts_deadline_is_the_earlier_of_the_callers_deadline_and_the_binding_timeout()
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var callerFirst = new ScriptedCallInvoker(ScriptedCallInvoker.Invoke(Ok));
        await InvokeAsync(Transport(callerFirst, Binding(timeout: TimeSpan.FromHours(1))), new CallOptions(deadline: now.AddSeconds(20)));
        Assert.Equal(now.AddSeconds(20), callerFirst.Attempts.Single().Deadline);

        var timeoutFirst = new ScriptedCallInvoker(ScriptedCallInvoker.Fail(StatusCode.Unavailable), ScriptedCallInvoker.Invoke(Ok));
        await InvokeAsync(Transport(timeoutFirst, Binding(timeout: TimeSpan.FromSeconds(2))), new CallOptions(deadline: now.AddHours(1)));
        Assert.Equal([now.AddSeconds(2), now.AddSeconds(2)], timeoutFirst.Attempts.Select(a => a.Deadline));

        var noCallerDeadline = new ScriptedCallInvoker(ScriptedCallInvoker.Invoke(Ok));
        await InvokeAsync(Transport(noCallerDeadline, Binding(timeout: TimeSpan.FromSeconds(7))));
        Assert.Equal(now.AddSeconds(7), noCallerDeadline.Attempts.Single().Deadline);
    }

    [Fact]
    public async Task An_expired_callers_deadline_is_not_tried()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Invoke(Ok));
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            InvokeAsync(Transport(inner, Binding()), new CallOptions(deadline: _clock.GetUtcNow().UtcDateTime.AddSeconds(-1))));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Contains("test-binding", ex.Status.Detail);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task The_breaker_opens_after_repeated_failures_and_closes_after_the_break()
    {
        var failing = true;
        var inner = new ScriptedCallInvoker(() => failing
            ? throw new RpcException(new Status(StatusCode.Unavailable, "down"))
            : new Greentic.Provider.V1.InvokeResponse());
        var breaker = new BreakerSettings(0.5, 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        var transport = Transport(inner, Binding(retry: ResilienceDefaults.Retry, breaker: breaker), name: "sidecar-a");

        for (var i = 0; i < 4; i++)
            Assert.Equal(StatusCode.Unavailable, (await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(transport))).StatusCode);
        var open = await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(transport));
        Assert.Equal(StatusCode.Unavailable, open.StatusCode);
        Assert.Contains("circuit breaker is open", open.Status.Detail);
        Assert.Contains("sidecar-a", open.Status.Detail);
        Assert.Equal(4, inner.Calls);

        failing = false;
        _clock.Advance(breaker.BreakDuration + TimeSpan.FromSeconds(1));
        await InvokeAsync(transport);
        await InvokeAsync(transport);
        Assert.Equal(6, inner.Calls);
    }

    [Fact]
    public async Task Final_failures_do_not_open_the_breaker()
    {
        var inner = new ScriptedCallInvoker(ScriptedCallInvoker.Fail(StatusCode.InvalidArgument));
        var breaker = new BreakerSettings(0.5, 2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        var transport = Transport(inner, Binding(retry: ResilienceDefaults.Retry, breaker: breaker));
        for (var i = 0; i < 6; i++)
            Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => InvokeAsync(transport))).StatusCode);
        Assert.Equal(6, inner.Calls);
    }
}
