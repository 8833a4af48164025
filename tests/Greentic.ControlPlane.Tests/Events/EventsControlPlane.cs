using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Greentic.Events.V1;
using Greentic.Providers.Channels;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Events;

/// <summary>A real control plane (<see cref="InProcessControlPlane"/>) with small event limits, and helpers to publish and read events.</summary>
public sealed class EventsControlPlane : InProcessControlPlane
{
    public const int MaxPayloadBytes = 64 * 1024;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        settings["Greentic:Events:MaxPayloadBytes"] = MaxPayloadBytes.ToString();
        settings["Greentic:Events:PollInterval"] = "00:00:00.500";
        return Task.CompletedTask;
    }

    public static TenantCtx Ctx(string tenant, string? team = null)
    {
        var ctx = new TenantCtx { Env = "dev", Tenant = tenant, TenantId = tenant };
        if (team is not null) ctx.Team = team;
        return ctx;
    }

    public static Event Event(string id, string topic = "messaging.ingress", string payload = """{"text":"hi"}""") => new()
    {
        Id = id,
        Topic = topic,
        Type = "greentic.messaging.channel-message.v1",
        Source = "test",
        Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        PayloadJson = ByteString.CopyFromUtf8(payload),
        Metadata = { ["k"] = "v" },
    };

    public EventsService.EventsServiceClient Client(TargetChannel channel) => new(channel.Invoker);

    public CallOptions As(string tenant, TimeSpan? timeout = null, CancellationToken cancellationToken = default, params string[] roles) =>
        new(Bearer(Token(tenant, roles)), DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30)), cancellationToken);

    public CallOptions AsToken(string token, TimeSpan? timeout = null) =>
        new(Bearer(token), DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30)));

    /// <summary>Reads exactly <paramref name="count"/> events from a subscription, then cancels it.</summary>
    public async Task<List<SubscribeResponse>> TakeAsync(EventsService.EventsServiceClient client, SubscribeRequest request, string tenant, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = client.Subscribe(request, As(tenant, TimeSpan.FromSeconds(90), cts.Token));
        var list = new List<SubscribeResponse>();
        while (list.Count < count && await call.ResponseStream.MoveNext(cts.Token)) list.Add(call.ResponseStream.Current);
        cts.Cancel();
        return list;
    }
}
