using System.Diagnostics;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests;

public sealed class DeadlineAndCancellationTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private RpcChannel _channel = null!;
    private Echo.EchoClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _channel = _host.CreateChannel();
        _client = new Echo.EchoClient(_channel);
        // Connect and JIT first, so short deadlines below measure the call, not the connection setup.
        await _client.PingAsync(new Google.Protobuf.WellKnownTypes.Empty());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Deadline_is_sent_as_grpc_timeout_and_seen_by_the_handler()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        await _client.UnaryAsync(new EchoRequest(), deadline: deadline);
        var seen = await _host.Probe.DeadlineSeen.Task;
        Assert.InRange((seen - deadline).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task No_deadline_is_max_value_on_the_server()
    {
        await _client.UnaryAsync(new EchoRequest());
        Assert.Equal(DateTime.MaxValue, await _host.Probe.DeadlineSeen.Task);
    }

    [Fact]
    public async Task Deadline_exceeded_ends_the_call_and_cancels_the_handler()
    {
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            _client.UnaryAsync(new EchoRequest { DelayMs = 10_000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(await _host.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Server_enforces_the_deadline_on_its_own()
    {
        // A raw client that does not enforce the deadline itself still gets DEADLINE_EXCEEDED from the server.
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(_host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest { DelayMs = 10_000 })));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");
        var watch = Stopwatch.StartNew();
        var (_, _, status, message) = await RawHttp.SendAsync(http, request);
        Assert.Equal("4", status);
        Assert.Equal("Deadline Exceeded", message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(await _host.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        // and keeps serving
        Assert.Equal("after", (await _client.UnaryAsync(new EchoRequest { Text = "after" })).Text);
    }

    [Fact]
    public async Task Deadline_in_the_past_fails_without_sending()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(new EchoRequest(), deadline: DateTime.UtcNow.AddSeconds(-1)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, _host.Probe.Calls);
    }

    [Fact]
    public async Task Deadline_on_server_streaming()
    {
        using var call = _client.ServerStream(new EchoRequest { Count = 100, DelayMs = 100 }, deadline: DateTime.UtcNow.AddMilliseconds(500));
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext()) { }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Cancellation_token_cancels_the_call_and_reaches_the_handler()
    {
        using var cts = new CancellationTokenSource(300);
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(new EchoRequest { DelayMs = 10_000 }, cancellationToken: cts.Token).ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.True(await _host.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Disposing_a_streaming_call_cancels_it_on_the_server()
    {
        var call = _client.Duplex();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "wait", DelayMs = 10_000 });
        await Task.Delay(200);
        call.Dispose();
        Assert.True(await _host.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_read_cancels_the_call()
    {
        using var call = _client.ServerStream(new EchoRequest { Count = 10, DelayMs = 5_000 });
        Assert.True(await call.ResponseStream.MoveNext());
        using var cts = new CancellationTokenSource(200);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.True(await _host.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
