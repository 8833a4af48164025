using System.Net;
using Greentic.Rpc.Tests.Infrastructure;
using Greentic.Rpc.Tests.Proto;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Greentic.Rpc.Tests;

public sealed class ProtocolRejectionTests
{
    private static readonly Method<EchoRequest, EchoResponse> MissingMethod =
        new(MethodType.Unary, Echo.ServiceName, "Missing", Echo.UnaryMethod.RequestMarshaller, Echo.UnaryMethod.ResponseMarshaller);
    private static readonly Method<EchoRequest, EchoResponse> MissingService =
        new(MethodType.Unary, "nowhere.v1.Nothing", "Call", Echo.UnaryMethod.RequestMarshaller, Echo.UnaryMethod.ResponseMarshaller);

    [Fact]
    public async Task Unknown_method_and_service_are_unimplemented()
    {
        await using var host = await TestHost.StartAsync();
        using var channel = host.CreateChannel();
        var invoker = channel.CreateCallInvoker();
        var ex = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(MissingMethod, null, default, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Equal("Method is unimplemented.", ex.Status.Detail);
        ex = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(MissingService, null, default, new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Equal("Service is unimplemented.", ex.Status.Detail);
    }

    [Fact]
    public async Task Unimplemented_is_http_200_trailers_only()
    {
        await using var host = await TestHost.StartAsync();
        using var http = RawHttp.CreateClient();
        var (response, body, _, _) = await RawHttp.SendAsync(http, RawHttp.Request(host.Address, "/nowhere.v1.Nothing/Call", new ByteArrayContent(RawHttp.Frame(new EchoRequest()))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body);
        Assert.Equal("12", response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Non_grpc_post_to_unknown_path_is_404()
    {
        await using var host = await TestHost.StartAsync();
        using var http = RawHttp.CreateClient();
        var (response, _, status, _) = await RawHttp.SendAsync(http, RawHttp.Request(host.Address, "/nowhere.v1.Nothing/Call", null, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(status);
    }

    [Fact]
    public async Task Generated_base_without_override_is_unimplemented()
    {
        await using var host = await TestHost.StartAsync(s => { s.MapEcho = false; s.Map = app => app.MapRpcService<BareEchoService>(); });
        using var channel = host.CreateChannel();
        var ex = await Assert.ThrowsAsync<RpcException>(() => new Echo.EchoClient(channel).UnaryAsync(new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Theory]
    [InlineData("application/json", "Content-Type 'application/json' is not supported.")]
    [InlineData("application/grpc-web", "Content-Type 'application/grpc-web' is not supported.")]
    public async Task Wrong_content_type_is_415(string contentType, string message)
    {
        await using var host = await TestHost.StartAsync();
        using var http = RawHttp.CreateClient();
        var (response, _, status, grpcMessage) = await RawHttp.SendAsync(http,
            RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest())), contentType));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("13", status);
        Assert.Equal(message, grpcMessage); // printable ASCII: sent as is
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Grpc_content_type_variants_are_accepted(string contentType)
    {
        await using var host = await TestHost.StartAsync();
        using var http = RawHttp.CreateClient();
        var (_, _, status, _) = await RawHttp.SendAsync(http,
            RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest())), contentType));
        Assert.Equal("0", status);
    }

    [Fact]
    public async Task Http1_request_is_426_upgrade_required()
    {
        await using var host = await TestHost.StartAsync(s => s.Protocols = HttpProtocols.Http1);
        using var http = RawHttp.CreateClient();
        var request = RawHttp.Request(host.Address, Echo.UnaryMethod.FullName, new ByteArrayContent(RawHttp.Frame(new EchoRequest())), version: HttpVersion.Version11);
        var (response, _, status, message) = await RawHttp.SendAsync(http, request);
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("13", status);
        Assert.Equal("Request protocol 'HTTP/1.1' is not supported.", message);
        Assert.Equal("HTTP/2", response.Headers.Upgrade.ToString());
    }

    private sealed class BareEchoService : Echo.EchoBase;
}
