using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Google.Protobuf;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;

namespace Greentic.Rpc.Tests;

public sealed class CompressionAndLimitTests
{
    private static readonly ByteString Compressible = ByteString.CopyFrom(new byte[200_000]);

    [Fact]
    public async Task Request_compression_with_call_options()
    {
        var seen = new List<string>();
        await using var host = await TestHost.StartAsync(s => s.Map = app => ((WebApplication)app).Use(async (context, next) =>
        {
            // What arrives on the wire: the encoding header and the compressed flag of the first frame.
            context.Request.EnableBuffering();
            var first = new byte[1];
            var flag = await context.Request.Body.ReadAsync(first) == 1 ? first[0] : -1;
            context.Request.Body.Position = 0;
            lock (seen) seen.Add(context.Request.Headers["grpc-encoding"] + ":" + flag);
            await next();
        }));
        using var channel = host.CreateChannel();
        var client = new Echo.EchoClient(channel);
        var response = await client.UnaryAsync(new EchoRequest { Payload = Compressible }, new CallOptions(RequestCompression: "gzip"));
        Assert.Equal(Compressible.Length, response.Payload.Length);
        await client.UnaryAsync(new EchoRequest { Text = "plain" });
        Assert.Equal(["gzip:1", ":0"], seen);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    public async Task Request_compression_with_the_internal_header(string encoding)
    {
        await using var host = await TestHost.StartAsync();
        using var channel = host.CreateChannel();
        var client = new Echo.EchoClient(channel);
        var headers = new Metadata { { Metadata.CompressionRequestAlgorithmKey, encoding } };
        var response = await client.UnaryAsync(new EchoRequest { Payload = Compressible }, headers);
        Assert.Equal(Compressible.Length, response.Payload.Length);
        Assert.DoesNotContain(response.Headers, h => h.Contains("internal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compressed_request_on_the_wire_is_decompressed()
    {
        await using var host = await TestHost.StartAsync();
        using var http = RawHttp.CreateClient();
        var raw = new EchoRequest { Text = "zipped" }.ToByteArray();
        var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, true)) z.Write(raw);
        var request = RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(gz.ToArray(), compressedFlag: true)));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip");
        var (_, body, status, _) = await RawHttp.SendAsync(http, request);
        Assert.Equal("0", status);
        Assert.Equal("zipped", EchoResponse.Parser.ParseFrom(body.AsSpan(5).ToArray()).Text);
    }

    [Fact]
    public async Task Unsupported_request_encoding_is_unimplemented_and_lists_ours()
    {
        await using var host = await TestHost.StartAsync();
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame([1, 2, 3], compressedFlag: true)));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");
        var (response, _, status, message) = await RawHttp.SendAsync(http, request);
        Assert.Equal("12", status);
        Assert.Contains("snappy", message);
        Assert.Equal("identity,gzip,deflate", RawHttp.Get(response, "grpc-accept-encoding"));
    }

    [Fact]
    public async Task Response_compression_when_the_client_accepts_it()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.ResponseCompressionAlgorithm = "gzip");
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest { Payload = Compressible })));
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity, gzip");
        var (response, body, status, _) = await RawHttp.SendAsync(http, request);
        Assert.Equal("0", status);
        Assert.Equal("gzip", RawHttp.Get(response, "grpc-encoding"));
        Assert.Equal(1, body[0]);
        Assert.True(body.Length < Compressible.Length / 10);

        // and our client reads it
        using var channel = host.CreateChannel();
        var echoed = await new Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Payload = Compressible });
        Assert.Equal(Compressible, echoed.Payload);
    }

    [Fact]
    public async Task No_response_compression_when_the_client_does_not_accept_it()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.ResponseCompressionAlgorithm = "gzip");
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest { Text = "plain" })));
        var (response, body, _, _) = await RawHttp.SendAsync(http, request);
        Assert.Null(RawHttp.Get(response, "grpc-encoding"));
        Assert.Equal(0, body[0]);
    }

    [Fact]
    public async Task Streams_compress_both_ways()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.ResponseCompressionAlgorithm = "gzip");
        using var channel = host.CreateChannel();
        using var call = new Echo.EchoClient(channel).Duplex(new Metadata { { Metadata.CompressionRequestAlgorithmKey, "gzip" } });
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "z" + i, Payload = Compressible });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(Compressible.Length, call.ResponseStream.Current.Payload.Length);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task Server_receive_limit_is_resource_exhausted()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.MaxReceiveMessageSize = 1024);
        using var channel = host.CreateChannel();
        var client = new Echo.EchoClient(channel);
        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2048]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("ok", (await client.UnaryAsync(new EchoRequest { Text = "ok" })).Text);
    }

    [Fact]
    public async Task Server_receive_limit_applies_after_decompression()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.MaxReceiveMessageSize = 10_000);
        using var channel = host.CreateChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel)
            .UnaryAsync(new EchoRequest { Payload = Compressible }, new CallOptions(RequestCompression: "gzip")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Server_send_limit_is_resource_exhausted()
    {
        await using var host = await TestHost.StartAsync(s => s.Rpc = o => o.MaxSendMessageSize = 1024);
        using var channel = host.CreateChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel)
            .UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[900]), Text = new string('t', 500) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Client_limits_are_resource_exhausted()
    {
        await using var host = await TestHost.StartAsync();
        using var sendLimited = host.CreateChannel(o => o.MaxSendMessageSize = 100);
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(sendLimited).UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, host.Probe.Calls);

        using var receiveLimited = host.CreateChannel(o => o.MaxReceiveMessageSize = 100);
        ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(receiveLimited).UnaryAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[200]) }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Unknown_request_compression_name_fails_locally()
    {
        await using var host = await TestHost.StartAsync();
        using var channel = host.CreateChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel).UnaryAsync(new EchoRequest(), new CallOptions(RequestCompression: "br")).ResponseAsync);
        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }
}
