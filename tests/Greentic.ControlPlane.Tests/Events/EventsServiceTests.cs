using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Events.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Events;

/// <summary>EventsService on a real control plane over its Unix socket: publish, subscribe, ack, resume, isolation, bad input.</summary>
public sealed class EventsServiceTests(EventsControlPlane cp) : IClassFixture<EventsControlPlane>
{
    private static string NewTenant() => "ev" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Published_events_stream_in_order_and_a_republished_id_is_one_event()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var first = await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("a"), EventsControlPlane.Event("b") } }, cp.As(tenant));
        Assert.Equal(["a", "b"], first.Results.Select(r => r.Id));
        Assert.All(first.Results, r => Assert.False(r.Duplicate));

        // The gateway retries a whole batch after a failure: the known id is a duplicate with its original cursor.
        var again = await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("b"), EventsControlPlane.Event("c") } }, cp.As(tenant));
        Assert.True(again.Results[0].Duplicate);
        Assert.Equal(first.Results[1].Cursor, again.Results[0].Cursor);
        Assert.False(again.Results[1].Duplicate);

        var events = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, tenant, 3);
        Assert.Equal(["a", "b", "c"], events.Select(e => e.Event.Id));
        Assert.Equal(first.Results[0].Cursor, events[0].Cursor);
        Assert.Equal("""{"text":"hi"}""", events[0].Event.PayloadJson.ToStringUtf8());
        Assert.Equal("v", events[0].Event.Metadata["k"]);
        Assert.All(events, e => Assert.Equal(1u, e.DeliveryAttempt));
    }

    [Fact]
    public async Task A_durable_subscriber_resumes_after_its_last_ack_and_gets_what_was_published_while_it_was_away()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("1"), EventsControlPlane.Event("2"), EventsControlPlane.Event("3") } }, cp.As(tenant));
        var request = new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "flows" };
        var seen = await cp.TakeAsync(client, request, tenant, 3);
        var acked = await client.AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "flows", Cursor = seen[1].Cursor }, cp.As(tenant));
        Assert.Equal(seen[1].Cursor, acked.AckedCursor);
        // An older cursor does not move the position back.
        var older = await client.AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "flows", Cursor = seen[0].Cursor }, cp.As(tenant));
        Assert.Equal(seen[1].Cursor, older.AckedCursor);

        // Nobody is subscribed: nothing published now is lost.
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("4") } }, cp.As(tenant));

        var resumed = await cp.TakeAsync(client, request, tenant, 2);
        Assert.Equal(["3", "4"], resumed.Select(e => e.Event.Id));
        Assert.True(resumed[0].DeliveryAttempt >= 2, "event 3 was delivered before without an ack: a redelivery");
        Assert.Equal(1u, resumed[1].DeliveryAttempt);
    }

    [Fact]
    public async Task A_live_subscription_receives_events_published_after_it_started_and_latest_skips_the_past()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("old") } }, cp.As(tenant));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = client.Subscribe(new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant), Start = StartPosition.Latest }, cp.As(tenant, TimeSpan.FromSeconds(90), cts.Token));
        var headers = await call.ResponseHeadersAsync; // the stream is live once the headers arrived
        Assert.NotNull(headers.GetValue("greentic-events-start"));
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("new") } }, cp.As(tenant));
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal("new", call.ResponseStream.Current.Event.Id);
        cts.Cancel();
    }

    [Fact]
    public async Task Topics_filter_and_a_team_scoped_subscriber_sees_only_its_team()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant, "red"), Events = { EventsControlPlane.Event("r1"), EventsControlPlane.Event("r2", topic: "other") } }, cp.As(tenant));
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant, "blue"), Events = { EventsControlPlane.Event("b1") } }, cp.As(tenant));
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant, "red"), Events = { EventsControlPlane.Event("r3") } }, cp.As(tenant));

        var red = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant, "red"), Topics = { "messaging.ingress" } }, tenant, 2);
        Assert.Equal(["r1", "r3"], red.Select(e => e.Event.Id));
        var all = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, tenant, 4);
        Assert.Equal(["r1", "r2", "b1", "r3"], all.Select(e => e.Event.Id));
    }

    [Fact]
    public async Task Tenants_are_isolated_a_cursor_of_another_tenant_and_a_token_for_another_tenant_are_refused()
    {
        var a = NewTenant();
        var b = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var published = await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(a), Events = { EventsControlPlane.Event("secret-of-a") } }, cp.As(a));
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(b), Events = { EventsControlPlane.Event("of-b") } }, cp.As(b));

        var seenByB = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(b) }, b, 1);
        Assert.Equal("of-b", Assert.Single(seenByB).Event.Id);

        var foreignCursor = await Assert.ThrowsAsync<RpcException>(() => cp.TakeAsync(client,
            new SubscribeRequest { Ctx = EventsControlPlane.Ctx(b), FromCursor = published.Results[0].Cursor }, b, 1));
        Assert.Equal(StatusCode.InvalidArgument, foreignCursor.StatusCode);
        Assert.Contains("another tenant", foreignCursor.Status.Detail);

        var wrongToken = await Assert.ThrowsAsync<RpcException>(() => cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(a) }, b, 1));
        Assert.Equal(StatusCode.PermissionDenied, wrongToken.StatusCode);
        var publishForeign = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(a), Events = { EventsControlPlane.Event("x") } }, cp.As(b)));
        Assert.Equal(StatusCode.PermissionDenied, publishForeign.StatusCode);
        var anonymous = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(a), Events = { EventsControlPlane.Event("x") } }, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30))));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("", "events[0].id is required")]
    [InlineData("not-json", "is not valid JSON")]
    [InlineData("oversized", "at most 65536 are accepted (Greentic:Events:MaxPayloadBytes)")]
    [InlineData("no-topic", "events[0].topic is required")]
    public async Task Malformed_and_oversized_events_are_invalid_argument_and_nothing_is_appended(string kind, string message)
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var e = kind switch
        {
            "" => EventsControlPlane.Event(""),
            "not-json" => EventsControlPlane.Event("x", payload: "{nope"),
            "oversized" => EventsControlPlane.Event("x", payload: "\"" + new string('a', EventsControlPlane.MaxPayloadBytes) + "\""),
            _ => EventsControlPlane.Event("x", topic: ""),
        };
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("ok"), e } }, cp.As(tenant)));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(message.Replace("[0]", "[1]"), ex.Status.Detail);

        // The valid event of the refused batch was not appended either.
        var after = await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("ok") } }, cp.As(tenant));
        Assert.False(after.Results[0].Duplicate);
    }

    [Fact]
    public async Task Unknown_cursors_and_missing_subscriber_get_actionable_errors()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var published = await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("only") } }, cp.As(tenant));
        var cursor = published.Results[0].Cursor;

        var garbage = await Assert.ThrowsAsync<RpcException>(() => cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant), FromCursor = "banana" }, tenant, 1));
        Assert.Equal(StatusCode.InvalidArgument, garbage.StatusCode);
        Assert.Contains("not an event cursor", garbage.Status.Detail);

        var ahead = "99" + cursor; // same tag, a position the log never gave out
        var aheadEx = await Assert.ThrowsAsync<RpcException>(() => cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant), FromCursor = ahead }, tenant, 1));
        Assert.Equal(StatusCode.OutOfRange, aheadEx.StatusCode);

        var noSubscriber = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(tenant), Cursor = cursor }, cp.As(tenant)));
        Assert.Equal(StatusCode.InvalidArgument, noSubscriber.StatusCode);
        Assert.Contains("subscriber is required", noSubscriber.Status.Detail);
        var badName = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "no spaces", Cursor = cursor }, cp.As(tenant)));
        Assert.Equal(StatusCode.InvalidArgument, badName.StatusCode);
        var aheadAck = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "s", Cursor = ahead }, cp.As(tenant)));
        Assert.Equal(StatusCode.OutOfRange, aheadAck.StatusCode);
    }

    [Fact]
    public async Task A_deadline_ends_the_stream_with_deadline_exceeded_and_cancellation_with_cancelled()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("1") } }, cp.As(tenant));

        using var call = client.Subscribe(new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, cp.As(tenant, TimeSpan.FromSeconds(2)));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);

        using var cts = new CancellationTokenSource();
        using var cancelled = client.Subscribe(new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, cp.As(tenant, TimeSpan.FromSeconds(60), cts.Token));
        Assert.True(await cancelled.ResponseStream.MoveNext(CancellationToken.None));
        cts.Cancel();
        var cancelEx = await Assert.ThrowsAsync<RpcException>(() => cancelled.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Cancelled, cancelEx.StatusCode);

        // The server is fine afterwards.
        var again = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, tenant, 1);
        Assert.Single(again);
    }

    [Fact]
    public async Task A_slow_consumer_gets_every_event_in_order_while_a_fast_one_runs_beside_it()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        const int count = 600;
        var payload = "\"" + new string('p', 16 * 1024) + "\"";
        for (var batch = 0; batch < count / 100; batch++)
        {
            var request = new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant) };
            for (var i = 0; i < 100; i++) request.Events.Add(EventsControlPlane.Event($"e{batch * 100 + i}", payload: payload));
            await client.PublishAsync(request, cp.As(tenant));
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var slow = client.Subscribe(new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, cp.As(tenant, TimeSpan.FromSeconds(180), cts.Token));
        // Let the server fill the slow stream's flow-control windows before reading anything.
        var fast = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, tenant, count);
        Assert.Equal(count, fast.Count);
        var ids = new List<string>();
        while (ids.Count < count && await slow.ResponseStream.MoveNext(cts.Token))
        {
            ids.Add(slow.ResponseStream.Current.Event.Id);
            if (ids.Count % 50 == 0) await Task.Delay(10);
        }
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"e{i}"), ids);
        cts.Cancel();
    }

    [Fact]
    public async Task Anyone_granted_the_tenant_may_subscribe_but_the_gateway_role_may_only_publish()
    {
        var tenant = NewTenant();
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var gateway = cp.Issuer.Issue(new Greentic.ControlPlane.Auth.DevTokenRequest { Subject = "gateway", Tenants = [tenant], Roles = [GreenticRoles.Gateway] });
        var published = await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("g1") } }, cp.AsToken(gateway));
        Assert.False(published.Results[0].Duplicate);

        using var call = client.Subscribe(new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant) }, cp.AsToken(gateway));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("role 'gateway'", ex.Status.Detail);
        var ack = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.AckAsync(new AckRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "s", Cursor = published.Results[0].Cursor }, cp.AsToken(gateway)));
        Assert.Equal(StatusCode.PermissionDenied, ack.StatusCode);
    }
}
