using Greentic.ControlPlane.Transports;
using Greentic.Provider.V1;
using Greentic.Rpc;

namespace Greentic.ControlPlane.Tests.Transports;

public sealed class ResilientProviderTransportTests
{
    private const string Ok = """{"ok":true}""";
    private const string RetryableFailure = """{"ok":false,"error":{"code":"unavailable","message":"m","retryable":true,"backoff_ms":1}}""";
    private const string FinalFailure = """{"ok":false,"error":{"code":"invalid-input","message":"m","retryable":false}}""";

    private static readonly ResilienceSettings Fast = new()
    {
        MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5),
        MinimumThroughput = 100, Timeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task RetriesUnavailableUntilTheProviderAnswers()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Throw(StatusCode.Unavailable), ScriptedTransport.Throw(StatusCode.Unavailable), ScriptedTransport.Json(Ok));
        var transport = new ResilientProviderTransport("b", inner, Fast);

        var response = await transport.InvokeAsync(new InvokeRequest(), new CallOptions());

        Assert.Equal(Ok, response.OutputJson.ToStringUtf8());
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task RetriesANodeErrorMarkedRetryable()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Json(RetryableFailure), ScriptedTransport.Json(Ok));
        var response = await new ResilientProviderTransport("b", inner, Fast).InvokeAsync(new InvokeRequest(), new CallOptions());
        Assert.Equal(Ok, response.OutputJson.ToStringUtf8());
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task ReturnsTheLastRetryableFailureWhenAttemptsRunOut()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Json(RetryableFailure));
        var response = await new ResilientProviderTransport("b", inner, Fast).InvokeAsync(new InvokeRequest(), new CallOptions());
        Assert.Equal(RetryableFailure, response.OutputJson.ToStringUtf8());
        Assert.Equal(4, inner.Calls);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.Internal)]
    public async Task DoesNotRetryFinalStatuses(StatusCode code)
    {
        var inner = new ScriptedTransport(ScriptedTransport.Throw(code), ScriptedTransport.Json(Ok));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new ResilientProviderTransport("b", inner, Fast).InvokeAsync(new InvokeRequest(), new CallOptions()));
        Assert.Equal(code, ex.StatusCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task DoesNotRetryANonRetryableNodeError()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Json(FinalFailure), ScriptedTransport.Json(Ok));
        var response = await new ResilientProviderTransport("b", inner, Fast).InvokeAsync(new InvokeRequest(), new CallOptions());
        Assert.Equal(FinalFailure, response.OutputJson.ToStringUtf8());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task EachAttemptsDeadlineIsTheEarlierOfCallerDeadlineAndBindingTimeout()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Json(Ok));
        var settings = Fast with { Timeout = TimeSpan.FromHours(1) };
        var callerDeadline = DateTime.UtcNow.AddSeconds(20);
        await new ResilientProviderTransport("b", inner, settings).InvokeAsync(new InvokeRequest(), new CallOptions(Deadline: callerDeadline));
        Assert.Equal(callerDeadline, inner.Attempts.Single().Deadline);

        var shortTimeout = new ScriptedTransport(ScriptedTransport.Json(Ok));
        var before = DateTime.UtcNow;
        await new ResilientProviderTransport("b", shortTimeout, Fast with { Timeout = TimeSpan.FromSeconds(2) })
            .InvokeAsync(new InvokeRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddHours(1)));
        var attemptDeadline = shortTimeout.Attempts.Single().Deadline!.Value;
        Assert.InRange(attemptDeadline, before.AddSeconds(2), DateTime.UtcNow.AddSeconds(2));
    }

    [Fact]
    public async Task AnExpiredCallerDeadlineIsNotRetried()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Json(Ok));
        var ex = await Assert.ThrowsAsync<RpcException>(() => new ResilientProviderTransport("b", inner, Fast)
            .InvokeAsync(new InvokeRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task BreakerOpensAfterRepeatedFailuresAndClosesAfterTheBreak()
    {
        var failing = true;
        var inner = new ScriptedTransport(() => failing ? throw new RpcException(new Status(StatusCode.Unavailable, "down")) : new InvokeResponse());
        var settings = new ResilienceSettings
        {
            MaxAttempts = 1, MinimumThroughput = 4, FailureRatio = 0.5,
            SamplingDuration = TimeSpan.FromSeconds(30), BreakDuration = TimeSpan.FromMilliseconds(600),
        };
        var transport = new ResilientProviderTransport("sidecar-a", inner, settings);

        for (var i = 0; i < 4; i++)
            await Assert.ThrowsAsync<RpcException>(() => transport.InvokeAsync(new InvokeRequest(), new CallOptions()));
        var callsBeforeOpen = inner.Calls;
        var open = await Assert.ThrowsAsync<RpcException>(() => transport.InvokeAsync(new InvokeRequest(), new CallOptions()));
        Assert.Equal(StatusCode.Unavailable, open.StatusCode);
        Assert.Contains("circuit breaker is open", open.Status.Detail);
        Assert.Contains("sidecar-a", open.Status.Detail);
        Assert.Equal(callsBeforeOpen, inner.Calls);

        failing = false;
        await Task.Delay(800);
        await transport.InvokeAsync(new InvokeRequest(), new CallOptions());
        await transport.InvokeAsync(new InvokeRequest(), new CallOptions());
        Assert.Equal(callsBeforeOpen + 2, inner.Calls);
    }
}
