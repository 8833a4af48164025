using System.Text.Json.Nodes;
using Greentic.Events.V1;
using Greentic.TestSupport;

namespace Greentic.ControlPlane.Tests.Events;

/// <summary>
/// A Node @grpc/grpc-js subscriber (a real peer in another language, <c>peers/subscriber.js</c>) consumes and acks events
/// over the control plane's Unix socket; its durable position is what the next subscriber — grpc-js or grpc-dotnet — resumes from.
/// </summary>
public sealed class GrpcJsSubscriberTests(EventsControlPlane cp) : IClassFixture<EventsControlPlane>
{
    private static string Script => Path.Combine(RepoPaths.Root, "tests", "Greentic.ControlPlane.Tests", "Events", "peers", "subscriber.js");

    private async Task<List<JsonObject>> RunNodeAsync(string tenant, string subscriber, int count, string ack)
    {
        var result = await ProcessRunner.RunAsync("node", [Script], RepoPaths.Root, new Dictionary<string, string>
        {
            ["TARGET"] = cp.GrpcTarget, ["TOKEN"] = cp.Token(tenant), ["TENANT"] = tenant, ["SUBSCRIBER"] = subscriber,
            ["COUNT"] = count.ToString(), ["ACK"] = ack,
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();
        Assert.True((bool?)lines[^1]["done"], result.ToString());
        return lines[..^1];
    }

    [Fact]
    public async Task A_grpc_js_subscriber_consumes_and_acks_and_resumes_after_its_last_ack()
    {
        var tenant = "js" + Guid.NewGuid().ToString("N")[..10];
        using var channel = cp.Channel();
        var client = cp.Client(channel);
        var request = new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant) };
        for (var i = 1; i <= 5; i++) request.Events.Add(EventsControlPlane.Event($"e{i}", payload: $$"""{"n":{{i}}}"""));
        await client.PublishAsync(request, cp.As(tenant));

        // Takes three, acks the first two only.
        var first = await RunNodeAsync(tenant, "node-worker", 3, ack: "2");
        Assert.Equal(["e1", "e2", "e3"], first.Select(l => (string?)l["id"]));
        Assert.Equal(3, (int?)first[2]["payload"]!["n"]);
        Assert.Equal((string?)first[1]["cursor"], (string?)first[1]["acked"]);

        // Resumes after e2: e3 again (a redelivery), then e4 and e5.
        var second = await RunNodeAsync(tenant, "node-worker", 3, ack: "all");
        Assert.Equal(["e3", "e4", "e5"], second.Select(l => (string?)l["id"]));
        Assert.True((int?)second[0]["attempt"] >= 2);

        // The grpc-dotnet side sees the same durable position: nothing left until a new event arrives.
        await client.PublishAsync(new PublishRequest { Ctx = EventsControlPlane.Ctx(tenant), Events = { EventsControlPlane.Event("e6") } }, cp.As(tenant));
        var rest = await cp.TakeAsync(client, new SubscribeRequest { Ctx = EventsControlPlane.Ctx(tenant), Subscriber = "node-worker" }, tenant, 1);
        Assert.Equal("e6", Assert.Single(rest).Event.Id);
    }
}
