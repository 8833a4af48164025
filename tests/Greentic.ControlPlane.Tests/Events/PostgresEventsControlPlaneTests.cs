using Greentic.ControlPlane.Events;
using Greentic.ControlPlane.Messaging;
using Greentic.Events.V1;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.Events;

/// <summary>A control plane whose stores point at a real PostgreSQL: events and dead letters live there too.</summary>
public sealed class PostgresEventsControlPlane : InProcessControlPlane
{
    private readonly PostgresServerFixture _postgres = new();

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await _postgres.InitializeAsync();
        settings["Greentic:Stores:Backend"] = "Postgres";
        settings["Greentic:Stores:PostgresConnectionString"] = _postgres.ConnectionString;
        settings["Greentic:Stores:PostgresSchema"] = "cp_events";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

public sealed class PostgresEventsControlPlaneTests(PostgresEventsControlPlane cp) : IClassFixture<PostgresEventsControlPlane>
{
    [Fact]
    public async Task With_stores_on_postgres_the_event_log_and_messaging_store_are_postgres_and_events_round_trip()
    {
        Assert.IsType<PostgresEventLog>(cp.Services.GetRequiredService<IEventLog>());
        Assert.IsType<PostgresMessagingStore>(cp.Services.GetRequiredService<IMessagingStore>());

        using var channel = cp.Channel();
        var client = new EventsService.EventsServiceClient(channel.Invoker);
        var ctx = EventsControlPlane.Ctx("acme");
        var published = await client.PublishAsync(new PublishRequest { Ctx = ctx, Events = { EventsControlPlane.Event("pg-1"), EventsControlPlane.Event("pg-2") } },
            new Grpc.Core.CallOptions(InProcessControlPlane.Bearer(cp.Token("acme")), DateTime.UtcNow.AddSeconds(60)));
        Assert.All(published.Results, r => Assert.False(r.Duplicate));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = client.Subscribe(new SubscribeRequest { Ctx = ctx, Subscriber = "pg" },
            new Grpc.Core.CallOptions(InProcessControlPlane.Bearer(cp.Token("acme")), DateTime.UtcNow.AddSeconds(90), cts.Token));
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal("pg-1", call.ResponseStream.Current.Event.Id);
        var acked = await client.AckAsync(new AckRequest { Ctx = ctx, Subscriber = "pg", Cursor = call.ResponseStream.Current.Cursor },
            new Grpc.Core.CallOptions(InProcessControlPlane.Bearer(cp.Token("acme")), DateTime.UtcNow.AddSeconds(60)));
        Assert.Equal(call.ResponseStream.Current.Cursor, acked.AckedCursor);
        cts.Cancel();
    }
}
