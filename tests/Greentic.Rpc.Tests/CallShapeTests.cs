using Google.Protobuf;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests;

public sealed class CallShapeTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private RpcChannel _channel = null!;
    private Echo.EchoClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _channel = _host.CreateChannel();
        _client = new Echo.EchoClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Unary_round_trips_and_ends_ok()
    {
        using var call = _client.UnaryAsync(new EchoRequest { Text = "hello", Payload = ByteString.CopyFromUtf8("p") });
        var response = await call;
        Assert.Equal("hello", response.Text);
        Assert.Equal("p", response.Payload.ToStringUtf8());
        Assert.StartsWith("ipv4:127.0.0.1:", response.Peer);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Empty(call.GetTrailers());
    }

    [Fact]
    public void Blocking_unary_works()
    {
        Assert.Equal("sync", _client.Unary(new EchoRequest { Text = "sync" }).Text);
    }

    [Fact]
    public async Task Empty_messages_round_trip()
    {
        var response = await _client.PingAsync(new Google.Protobuf.WellKnownTypes.Empty());
        Assert.NotNull(response);
    }

    [Fact]
    public async Task Server_streaming_sends_every_message_then_ok()
    {
        using var call = _client.ServerStream(new EchoRequest { Text = "s", Count = 5 });
        var indexes = new List<int>();
        await foreach (var message in call.ResponseStream.ReadAllAsync()) indexes.Add(message.Index);
        Assert.Equal([0, 1, 2, 3, 4], indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Server_streaming_with_no_messages_is_ok()
    {
        using var call = _client.ServerStream(new EchoRequest { Count = 0 });
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Server_streaming_error_after_messages_arrives_in_trailers()
    {
        using var call = _client.ServerStream(new EchoRequest { Count = 2, FailCode = (int)StatusCode.Aborted, FailMessage = "late" });
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.True(await call.ResponseStream.MoveNext());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("late", ex.Status.Detail);
        Assert.Equal("requested", ex.Trailers.GetValue("failure-reason"));
    }

    [Fact]
    public async Task Client_streaming_collects_every_message()
    {
        using var call = _client.ClientStream();
        foreach (var text in new[] { "a", "b", "c" })
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text, Payload = ByteString.CopyFrom(new byte[10]) });
        await call.RequestStream.CompleteAsync();
        var response = await call;
        Assert.Equal("a,b,c", response.Text);
        Assert.Equal(30, response.Index);
    }

    [Fact]
    public async Task Client_streaming_with_no_messages()
    {
        using var call = _client.ClientStream();
        await call.RequestStream.CompleteAsync();
        Assert.Equal("", (await call).Text);
    }

    [Fact]
    public async Task Client_streaming_server_error_fails_the_write_and_the_response()
    {
        using var call = _client.ClientStream();
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "x", FailCode = (int)StatusCode.InvalidArgument, FailMessage = "bad" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var writeError = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest { Text = "y" }));
        Assert.Equal(StatusCode.InvalidArgument, writeError.StatusCode);
    }

    [Fact]
    public async Task Duplex_interleaves_requests_and_responses()
    {
        using var call = _client.Duplex();
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "m" + i });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal("m" + i, call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Many_concurrent_calls_share_the_channel()
    {
        var calls = Enumerable.Range(0, 200).Select(i => _client.UnaryAsync(new EchoRequest { Text = "c" + i }).ResponseAsync).ToArray();
        var responses = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => "c" + i), responses.Select(r => r.Text));
    }

    [Fact]
    public async Task Large_messages_within_the_limit_round_trip()
    {
        var payload = ByteString.CopyFrom(new byte[3 * 1024 * 1024]);
        var response = await _client.UnaryAsync(new EchoRequest { Payload = payload });
        Assert.Equal(payload.Length, response.Payload.Length);
    }
}
