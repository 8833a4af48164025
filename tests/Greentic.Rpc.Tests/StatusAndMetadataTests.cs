using Google.Protobuf;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests;

public sealed class StatusAndMetadataTests : IAsyncLifetime
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
    public async Task Request_headers_reach_the_handler_including_binary()
    {
        var headers = new Metadata
        {
            { "x-plain", "value 1" },
            { "x-data-bin", new byte[] { 0, 1, 2, 3, 255 } },
            { "x-short-bin", new byte[] { 7 } },
        };
        using var call = _client.UnaryAsync(new EchoRequest { Text = "h" }, headers);
        var response = await call;
        Assert.Contains("x-plain=value 1", response.Headers);
        Assert.Contains("x-data-bin=00010203FF", response.Headers);
        Assert.Contains("x-short-bin=07", response.Headers);
        Assert.DoesNotContain(response.Headers, h => h.StartsWith("grpc-", StringComparison.Ordinal) || h.StartsWith("te=", StringComparison.Ordinal));
        // and back as trailers
        var trailers = call.GetTrailers();
        Assert.Equal("value 1", trailers.GetValue("echo-plain"));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 255 }, trailers.GetValueBytes("echo-data-bin"));
    }

    [Fact]
    public async Task Unpadded_and_padded_binary_headers_are_both_accepted()
    {
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(_host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest())));
        request.Headers.TryAddWithoutValidation("x-a-bin", "AAEC");  // 3 bytes, no padding needed
        request.Headers.TryAddWithoutValidation("x-b-bin", "AAE");   // 2 bytes unpadded
        request.Headers.TryAddWithoutValidation("x-c-bin", "AA==");  // 1 byte padded
        var (_, body, status, _) = await RawHttp.SendAsync(http, request);
        Assert.Equal("0", status);
        var response = EchoResponse.Parser.ParseFrom(body.AsSpan(5).ToArray());
        Assert.Contains("x-a-bin=000102", response.Headers);
        Assert.Contains("x-b-bin=0001", response.Headers);
        Assert.Contains("x-c-bin=00", response.Headers);
    }

    [Fact]
    public async Task Binary_values_are_sent_unpadded()
    {
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(_host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest())));
        request.Headers.TryAddWithoutValidation("x-one-bin", "AQ");
        var (response, _, _, _) = await RawHttp.SendAsync(http, request);
        Assert.Equal("AQ", RawHttp.Get(response, "echo-one-bin"));
    }

    [Fact]
    public async Task Error_status_carries_message_details_and_trailers()
    {
        var details = new byte[] { 8, 5, 18, 3, 98, 97, 100 };
        using var call = _client.UnaryAsync(new EchoRequest { FailCode = (int)StatusCode.NotFound, FailMessage = "no such thing", Payload = ByteString.CopyFrom(details) });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("no such thing", ex.Status.Detail);
        Assert.Equal(details, ex.Status.DetailsBinary.ToArray());
        Assert.Equal("requested", ex.Trailers.GetValue("failure-reason"));
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, ex.Trailers.GetValueBytes("failure-bin"));
        Assert.Equal(StatusCode.NotFound, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Error_before_any_message_is_trailers_only()
    {
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(_host.Address, Echo.UnaryMethod.FullName,
            new ByteArrayContent(RawHttp.Frame(new EchoRequest { FailCode = 5, FailMessage = "gone" })));
        var (response, body, _, _) = await RawHttp.SendAsync(http, request);
        Assert.Empty(body);
        // Status in the one HEADERS frame, nothing in trailers.
        Assert.Equal("5", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("gone", response.Headers.GetValues("grpc-message").Single());
        Assert.Equal("application/grpc", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(response.TrailingHeaders);
    }

    [Theory]
    [InlineData("100% sure")]
    [InlineData("line1\nline2\ttab")]
    [InlineData("ünïcödé ✓ 😀")]
    [InlineData("  spaces and :/?#[]@!$&'()*+,;= stay  ")]
    public async Task Status_message_is_percent_encoded_on_the_wire_and_decoded(string message)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(new EchoRequest { FailCode = 3, FailMessage = message }).ResponseAsync);
        Assert.Equal(message, ex.Status.Detail);
    }

    [Fact]
    public async Task Percent_encoding_on_the_wire_is_the_grpc_one()
    {
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(_host.Address, Echo.UnaryMethod.FullName,
            new ByteArrayContent(RawHttp.Frame(new EchoRequest { FailCode = 3, FailMessage = "a b%c\né" })));
        var (_, _, status, message) = await RawHttp.SendAsync(http, request);
        Assert.Equal("3", status);
        Assert.Equal("a b%25c%0A%C3%A9", message);
    }

    [Fact]
    public async Task Handler_exception_is_unknown_without_details()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryAsync(new EchoRequest { FailCode = -1, FailMessage = "secret" }).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
    }

    [Fact]
    public async Task Handler_exception_details_when_enabled()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.EnableDetailedErrors = true);
        using var channel = host.CreateChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { FailCode = -1, FailMessage = "secret" }).ResponseAsync);
        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Equal("Exception was thrown by handler. InvalidOperationException: boom: secret", ex.Status.Detail);
    }

    [Fact]
    public async Task Response_headers_are_available()
    {
        await using var host = await TestHost.StartAsync(s =>
        {
            s.MapEcho = false;
            s.Map = app => app.MapRpcService<HeaderWritingService>();
        });
        using var channel = host.CreateChannel();
        using var call = new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Text = "x" });
        var headers = await call.ResponseHeadersAsync;
        Assert.Equal("early", headers.GetValue("custom-header"));
        Assert.Equal(new byte[] { 1, 2, 3 }, headers.GetValueBytes("custom-bin"));
        Assert.Equal("x", (await call).Text);
    }

    [Fact]
    public async Task Response_headers_arrive_before_any_message_is_read()
    {
        await using var host = await TestHost.StartAsync(s =>
        {
            s.MapEcho = false;
            s.Map = app => app.MapRpcService<HeaderWritingService>();
        });
        using var channel = host.CreateChannel();
        using var call = new Echo.EchoClient(channel).Duplex();
        // The server sends headers, then waits for our first message: nobody is reading the response stream yet.
        var headers = await call.ResponseHeadersAsync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("duplex", headers.GetValue("custom-header"));
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "after headers" });
        Assert.True(await call.ResponseStream.MoveNext());
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task Write_options_can_send_one_message_uncompressed_on_a_compressed_call()
    {
        await using var host = await TestHost.StartAsync(s =>
        {
            s.MapEcho = false;
            s.Rpc = o => o.ResponseCompressionAlgorithm = "gzip";
            s.Map = app => app.MapRpcService<HeaderWritingService>();
        });
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(host.Address, Echo.ServerStreamMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest { Text = "z" })));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "gzip");
        var (_, body, status, _) = await RawHttp.SendAsync(http, request);
        Assert.Equal("0", status);
        var flags = new List<byte>();
        for (var at = 0; at < body.Length; at += 5 + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at + 1))) flags.Add(body[at]);
        Assert.Equal(new byte[] { 1, 0, 1 }, flags);
    }

    private sealed class HeaderWritingService : Echo.EchoBase
    {
        public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
        {
            await responseStream.WriteAsync(new EchoResponse { Text = request.Text });
            context.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
            await responseStream.WriteAsync(new EchoResponse { Text = request.Text });
            context.WriteOptions = null;
            await responseStream.WriteAsync(new EchoResponse { Text = request.Text });
        }

        public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "custom-header", "duplex" } });
            await foreach (var request in requestStream.ReadAllAsync()) await responseStream.WriteAsync(new EchoResponse { Text = request.Text });
        }

        public override async Task<EchoResponse> Unary(EchoRequest request, ServerCallContext context)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "custom-header", "early" }, { "custom-bin", new byte[] { 1, 2, 3 } } });
            return new EchoResponse { Text = request.Text };
        }
    }
}
