using System.Net;
using Google.Protobuf;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests;

/// <summary>Hand-built, broken gRPC requests: each gets the right status, and the server then still serves a good call.</summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        _http = RawHttp.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private async Task<(string? Status, string? Message)> SendUnary(byte[] body, Action<HttpRequestMessage>? configure = null, string? path = null)
    {
        var request = RawHttp.Request(_host.Address, path ?? Echo.UnaryMethod.FullName, new ByteArrayContent(body));
        configure?.Invoke(request);
        var (response, _, status, message) = await RawHttp.SendAsync(_http, request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (status, message);
    }

    private async Task AssertStillServes()
    {
        using var channel = _host.CreateChannel();
        Assert.Equal("good", (await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "good" })).Text);
        var (status, _) = await SendUnary(RawHttp.Frame(new EchoRequest { Text = "raw good" }));
        Assert.Equal("0", status);
    }

    [Fact]
    public async Task Frame_length_past_the_end_of_the_body_is_incomplete_message()
    {
        var (status, message) = await SendUnary(RawHttp.Frame(new EchoRequest { Text = "short" }.ToByteArray(), declaredLength: 100));
        Assert.Equal("13", status);
        Assert.Equal("Incomplete message.", message);
        await AssertStillServes();
    }

    [Fact]
    public async Task Frame_length_over_the_limit_is_resource_exhausted()
    {
        var (status, _) = await SendUnary(RawHttp.Frame([1, 2, 3], declaredLength: 64 * 1024 * 1024));
        Assert.Equal("8", status);
        await AssertStillServes();
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[0])]
    public async Task Truncated_or_empty_body_is_incomplete_message(byte[] body)
    {
        var (status, message) = await SendUnary(body);
        Assert.Equal("13", status);
        Assert.Equal("Incomplete message.", message);
        await AssertStillServes();
    }

    [Fact]
    public async Task Body_that_is_not_protobuf_is_internal()
    {
        var (status, message) = await SendUnary(RawHttp.Frame([0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal("13", status);
        Assert.Equal("Failed to deserialize request message.", message);
        await AssertStillServes();
    }

    [Fact]
    public async Task Bad_compressed_flag_is_internal()
    {
        var framed = RawHttp.Frame(new EchoRequest());
        framed[0] = 2;
        var (status, _) = await SendUnary(framed);
        Assert.Equal("13", status);
        await AssertStillServes();
    }

    [Fact]
    public async Task Compressed_flag_without_encoding_is_internal()
    {
        var (status, _) = await SendUnary(RawHttp.Frame(new EchoRequest(), compressedFlag: true));
        Assert.Equal("13", status);
        await AssertStillServes();
    }

    [Fact]
    public async Task Two_messages_on_a_unary_call_is_internal()
    {
        var one = RawHttp.Frame(new EchoRequest { Text = "1" });
        var (status, message) = await SendUnary([.. one, .. one]);
        Assert.Equal("13", status);
        Assert.Equal("Additional data after the message received.", message);
        await AssertStillServes();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("123456789S")] // nine digits: over the spec's eight
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("S")]
    public async Task Malformed_grpc_timeout_is_ignored(string timeout)
    {
        var (status, _) = await SendUnary(RawHttp.Frame(new EchoRequest { Text = "t" }), r => r.Headers.TryAddWithoutValidation("grpc-timeout", timeout));
        Assert.Equal("0", status);
        Assert.Equal(DateTime.MaxValue, await _host.Probe.DeadlineSeen.Task);
        await AssertStillServes();
    }

    [Fact]
    public async Task Client_reset_mid_stream_cancels_the_handler()
    {
        var content = new StallingContent(RawHttp.Frame(new EchoRequest { Text = "partial" })[..7]);
        var request = RawHttp.Request(_host.Address, Echo.ClientStreamMethod.FullName, content);
        using var cts = new CancellationTokenSource();
        var send = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        await content.Written.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        cts.Cancel(); // SocketsHttpHandler resets the stream (RST_STREAM CANCEL)
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Assert.True(await _host.Probe.HandlerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        await AssertStillServes();
    }

    [Fact]
    public async Task Garbage_on_a_streaming_call_is_internal()
    {
        var body = RawHttp.Frame(new EchoRequest { Text = "ok" }).Concat(RawHttp.Frame([0xFF, 0xFF])).ToArray();
        var (status, _) = await SendUnary(body, path: Echo.ClientStreamMethod.FullName);
        Assert.Equal("13", status);
        await AssertStillServes();
    }

    /// <summary>Writes some bytes, then never finishes the body.</summary>
    private sealed class StallingContent(byte[] prefix) : HttpContent
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(prefix, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Written.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
