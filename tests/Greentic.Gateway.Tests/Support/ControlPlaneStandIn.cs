using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Greentic.Events.V1;
using Greentic.Provider.V1;
using Greentic.Secrets.V1;
using Greentic.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.Gateway.Tests.Support;

/// <summary>
/// A real grpc-dotnet server on a <see cref="LoopbackServer"/> (h2c) standing in for a control-plane replica: it
/// speaks the real contracts (ProviderService, EventsService, SecretsService, grpc.health.v1.Health) and records what
/// it was asked. Every call must carry the gateway's service token when <see cref="RequiredToken"/> is set.
/// </summary>
public sealed class ControlPlaneStandIn : IAsyncDisposable
{
    private LoopbackServer? _server;

    private ControlPlaneStandIn(string name) => Name = name;

    public string Name { get; }
    public string Address { get; private set; } = "";
    public HealthServiceImpl Health { get; } = new();
    public string? RequiredToken { get; set; } = "gateway-service-token";

    public ConcurrentQueue<InvokeRequest> Invokes { get; } = new();
    public ConcurrentQueue<PublishRequest> Published { get; } = new();
    public ConcurrentQueue<GetRequest> SecretReads { get; } = new();
    public int DescribeCalls;

    /// <summary>(tenant, name) → value.</summary>
    public ConcurrentDictionary<(string Tenant, string Name), string> Secrets { get; } = new();

    /// <summary>Provider types whose binding lists ingest_http.</summary>
    public ConcurrentDictionary<string, bool> IngestProviders { get; } = new();

    /// <summary>
    /// Subscribe streams of subscriber "hold" or "die" wait here once their messages are sent: released, "hold" ends
    /// normally and "die" has the replica abort the stream (RST_STREAM to the gateway, as when the replica dies).
    /// </summary>
    public TaskCompletionSource StreamRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Subscribers whose stream this replica saw cancelled while it waited on <see cref="StreamRelease"/>.</summary>
    public ConcurrentQueue<string> CancelledStreams { get; } = new();

    /// <summary>Answers Invoke; default: an HttpOutV1 200 {"ok":true} with one ChannelMessageEnvelope event.</summary>
    public Func<InvokeRequest, ServerCallContext, Task<InvokeResponse>>? OnInvoke { get; set; }

    /// <param name="requireToken">False for replicas behind the proxy: the test's client calls them directly.</param>
    public static async Task<ControlPlaneStandIn> StartAsync(string name = "cp", bool requireToken = true)
    {
        var standIn = new ControlPlaneStandIn(name);
        if (!requireToken) standIn.RequiredToken = null;
        standIn._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGrpcService<StandInProviderService>();
            app.MapGrpcService<StandInEventsService>();
            app.MapGrpcService<StandInSecretsService>();
            app.MapGrpcService<HealthServiceImpl>();
        }, builder =>
        {
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(standIn);
            builder.Services.AddSingleton(standIn.Health);
        });
        standIn.Address = standIn._server.BaseUrl;
        standIn.Health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        return standIn;
    }

    /// <summary>Stops the server (connections are cut): a replica that died.</summary>
    public async Task KillAsync()
    {
        if (_server is null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        try
        {
            await _server.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _server.DisposeAsync();
        _server = null;
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    internal void Authorize(ServerCallContext context)
    {
        if (RequiredToken is null) return;
        var presented = context.RequestHeaders.GetValue("authorization");
        if (presented != $"Bearer {RequiredToken}") throw new RpcException(new Status(StatusCode.Unauthenticated, "the gateway's service token is missing or wrong"));
    }

    internal static InvokeResponse DefaultIngestOutput(InvokeRequest request)
    {
        var envelope = $$"""{"id":"m-1","tenant":{"env":"default","tenant":"default","tenant_id":"default","attempt":0},"channel":"telegram","session_id":"chat-1","text":"hello"}""";
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"ok":true}"""));
        var output = $$"""{"v":1,"status":200,"headers":[["content-type","application/json"],["x-provider","{{request.ProviderType}}"]],"body_b64":"{{body}}","events":[{{envelope}}]}""";
        return new InvokeResponse { OutputJson = ByteString.CopyFromUtf8(output) };
    }
}

internal sealed class StandInProviderService(ControlPlaneStandIn standIn) : ProviderService.ProviderServiceBase
{
    public override Task<DescribeResponse> Describe(DescribeRequest request, ServerCallContext context)
    {
        standIn.Authorize(context);
        Interlocked.Increment(ref standIn.DescribeCalls);
        var ops = standIn.IngestProviders.ContainsKey(request.ProviderType) ? """["send","ingest_http"]""" : """["send"]""";
        var json = $$"""{"provider_type":"{{request.ProviderType}}","replica":"{{standIn.Name}}","capabilities":["messaging"],"ops":{{ops}}}""";
        return Task.FromResult(new DescribeResponse { DescribeJson = ByteString.CopyFromUtf8(json) });
    }

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context)
    {
        standIn.Authorize(context);
        standIn.Invokes.Enqueue(request);
        return standIn.OnInvoke is { } handler ? handler(request, context) : Task.FromResult(ControlPlaneStandIn.DefaultIngestOutput(request));
    }

    public override Task<HealthcheckResponse> Healthcheck(HealthcheckRequest request, ServerCallContext context) =>
        Task.FromResult(new HealthcheckResponse { HealthJson = ByteString.CopyFromUtf8($$"""{"status":"ok","replica":"{{standIn.Name}}"}""") });
}

internal sealed class StandInEventsService(ControlPlaneStandIn standIn) : EventsService.EventsServiceBase
{
    public override Task<PublishResponse> Publish(PublishRequest request, ServerCallContext context)
    {
        standIn.Authorize(context);
        standIn.Published.Enqueue(request);
        var response = new PublishResponse();
        var i = 0;
        foreach (var e in request.Events) response.Results.Add(new PublishResult { Id = e.Id, Cursor = (++i).ToString("D8") });
        return Task.FromResult(response);
    }

    /// <summary>
    /// Streams <c>from_cursor</c> (a number) events, then ends with trailers and, if the subscriber is "fail", PERMISSION_DENIED.
    /// Subscribers "hold" and "die" first wait for <see cref="ControlPlaneStandIn.StreamRelease"/> (or the call's cancellation).
    /// </summary>
    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        var count = int.TryParse(request.FromCursor, out var n) ? n : 3;
        for (var i = 1; i <= count; i++)
        {
            await responseStream.WriteAsync(new SubscribeResponse
            {
                Cursor = i.ToString("D8"),
                DeliveryAttempt = 1,
                Event = new Event { Id = $"{standIn.Name}-{i}", Topic = "t", Type = "x", Source = standIn.Name },
            });
        }
        if (request.Subscriber is "hold" or "die")
        {
            try
            {
                await standIn.StreamRelease.Task.WaitAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                standIn.CancelledStreams.Enqueue(request.Subscriber);
                throw;
            }
            if (request.Subscriber == "die")
            {
                context.GetHttpContext().Abort();
                return;
            }
        }
        context.ResponseTrailers.Add("x-replica", standIn.Name);
        context.ResponseTrailers.Add("x-count", count.ToString());
        if (request.Subscriber == "fail") throw new RpcException(new Status(StatusCode.PermissionDenied, "subscriber 'fail' is not granted"));
    }

    public override Task<AckResponse> Ack(AckRequest request, ServerCallContext context) => Task.FromResult(new AckResponse { AckedCursor = request.Cursor });
}

internal sealed class StandInSecretsService(ControlPlaneStandIn standIn) : SecretsService.SecretsServiceBase
{
    public override Task<GetResponse> Get(GetRequest request, ServerCallContext context)
    {
        standIn.Authorize(context);
        standIn.SecretReads.Enqueue(request);
        var response = new GetResponse();
        if (standIn.Secrets.TryGetValue((request.Ctx.Tenant, request.Key), out var value)) response.Value = ByteString.CopyFromUtf8(value);
        return Task.FromResult(response);
    }
}
