using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Greentic.Events.V1;
using Greentic.Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Greentic.Gateway.Tests.Proxy.ProxyTestSupport;

namespace Greentic.Gateway.Tests.Proxy;

/// <summary>
/// A replica that goes away in the middle of a streaming call, seen by a gRPC client of the gateway (real grpc-dotnet
/// replicas and a real Grpc.Net.Client over loopback HTTP/2): the messages it sent arrive, then the call ends UNAVAILABLE
/// (retryable, the replica named) — never CANCELLED, which says the client cancelled and is final. A client that cancels
/// still cancels the call at the replica.
/// </summary>
public sealed class BrokenStreamTests
{
    [Fact]
    public async Task A_replica_aborting_mid_stream_ends_the_call_UNAVAILABLE_after_the_messages_it_sent()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a));
        var client = new EventsService.EventsServiceClient(gateway.Channel);

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "2", Subscriber = "die" }, deadline: DateTime.UtcNow.AddMinutes(2));
        var cursors = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            cursors.Add(call.ResponseStream.Current.Cursor);
        }
        a.StreamRelease.SetResult();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(["00000001", "00000002"], cursors);
        Assert.True(error.StatusCode == StatusCode.Unavailable, error.ToString());
        Assert.Contains("control-plane replica 'a'", error.Status.Detail);
        Assert.Contains("retry", error.Status.Detail);
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("ended UNAVAILABLE", StringComparison.Ordinal) && l.Contains("cp/a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replica_killed_mid_stream_ends_the_call_UNAVAILABLE_after_the_messages_it_sent()
    {
        var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a));
        var client = new EventsService.EventsServiceClient(gateway.Channel);

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "2", Subscriber = "hold" }, deadline: DateTime.UtcNow.AddMinutes(2));
        var received = 0;
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            received++;
        }
        await a.KillAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(2, received);
        Assert.True(error.StatusCode == StatusCode.Unavailable, error.ToString());
        Assert.Contains("control-plane replica 'a'", error.Status.Detail);
    }

    [Fact]
    public async Task A_replica_failing_before_its_first_message_is_UNAVAILABLE_as_before()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a));
        var client = new EventsService.EventsServiceClient(gateway.Channel);
        a.StreamRelease.SetResult();

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "0", Subscriber = "die" }, deadline: DateTime.UtcNow.AddMinutes(2));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.True(error.StatusCode == StatusCode.Unavailable, error.ToString());
        Assert.Contains("control-plane replica", error.Status.Detail);
    }

    /// <summary>YARP ends a stream that stays silent for the cluster's activity timeout (100 s unless set): retryable too, and said so.</summary>
    [Fact]
    public async Task A_stream_silent_for_the_activity_timeout_ends_UNAVAILABLE_saying_so()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        var settings = Cluster("RoundRobin", grpcHealth: false, a);
        settings["Greentic:Gateway:Proxy:Clusters:cp:HttpRequest:Version"] = "2.0";
        settings["Greentic:Gateway:Proxy:Clusters:cp:HttpRequest:VersionPolicy"] = "RequestVersionExact";
        settings["Greentic:Gateway:Proxy:Clusters:cp:HttpRequest:ActivityTimeout"] = "00:00:01";
        await using var gateway = await GatewayUnderTest.StartAsync(settings);
        var client = new EventsService.EventsServiceClient(gateway.Channel);

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "1", Subscriber = "hold" }, deadline: DateTime.UtcNow.AddMinutes(2));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.True(error.StatusCode == StatusCode.Unavailable, error.ToString());
        Assert.Contains("control-plane replica 'a' sent nothing for 00:00:01", error.Status.Detail);
        await EventuallyAsync(() => Task.FromResult(a.CancelledStreams.Contains("hold")), "the replica saw the call cancelled");
    }

    [Fact]
    public async Task A_client_cancelling_its_stream_cancels_the_call_at_the_replica()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a));
        var client = new EventsService.EventsServiceClient(gateway.Channel);
        using var cancel = new CancellationTokenSource();

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "1", Subscriber = "hold" }, deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        cancel.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await EventuallyAsync(() => Task.FromResult(a.CancelledStreams.Contains("hold")), "the replica saw the call cancelled");
        Assert.DoesNotContain(gateway.Logs.Lines, l => l.Contains("ended UNAVAILABLE", StringComparison.Ordinal));
    }

    /// <summary>
    /// Trailers may only follow whole messages: a replica that dies with half a message sent leaves the gateway nothing honest
    /// to end the response with, so the stream is reset, with INTERNAL_ERROR (the client reads INTERNAL), not CANCEL.
    /// Raw HTTP/2 on both sides, so the test knows the half message reached the client before the replica goes.
    /// </summary>
    [Fact]
    public async Task A_replica_dying_inside_a_message_resets_the_stream_with_INTERNAL_ERROR()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var whole = Frame(new SubscribeResponse { Cursor = "00000001", Event = new Event { Id = "e-1" } }.ToByteArray());
        byte[] half = [0, 0, 0, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        await using var replica = await RawReplica.StartAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(whole);
            await context.Response.Body.WriteAsync(half);
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(context.RequestAborted);
            context.Abort();
        });
        var settings = Cluster("RoundRobin", grpcHealth: false);
        settings["Greentic:Gateway:Proxy:Clusters:cp:Destinations:raw:Address"] = replica.Address;
        await using var gateway = await GatewayUnderTest.StartAsync(settings);
        using var http = new HttpClient(new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.GrpcAddress + "/greentic.events.v1.EventsService/Subscribe")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(new SubscribeRequest { FromCursor = "1" }.ToByteArray())),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[whole.Length + half.Length];
        await body.ReadExactlyAsync(buffer);
        release.SetResult();
        var error = await Assert.ThrowsAsync<HttpProtocolException>(async () => await body.ReadExactlyAsync(new byte[1]));

        Assert.Equal(whole.Concat(half), buffer);
        Assert.True(error.ErrorCode == 0x2, $"reset with HTTP/2 error code 0x{error.ErrorCode:x}, expected INTERNAL_ERROR (0x2): {error}");
        Assert.False(response.TrailingHeaders.Contains("grpc-status"));
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A bare Kestrel h2c server answering every POST with the given handler: a replica that can send half a message.</summary>
    private sealed class RawReplica : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private RawReplica(WebApplication app, string address) => (_app, Address) = (app, address);

        public string Address { get; }

        public static async Task<RawReplica> StartAsync(RequestDelegate handler)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
            var app = builder.Build();
            app.MapPost("/{**path}", handler);
            await app.StartAsync();
            return new RawReplica(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        public async ValueTask DisposeAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await _app.StopAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
            }
            await _app.DisposeAsync();
        }
    }
}
