using Grpc.Core;
using Grpc.Health.V1;
using Greentic.Events.V1;
using Greentic.Gateway.Tests.Support;
using Greentic.Provider.V1;
using static Greentic.Gateway.Tests.Proxy.ProxyTestSupport;

namespace Greentic.Gateway.Tests.Proxy;

/// <summary>gRPC through the gateway to two real grpc-dotnet replicas on loopback, over real HTTP/2 sockets.</summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task Calls_are_balanced_over_both_replicas()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var b = await ControlPlaneStandIn.StartAsync("b", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a, b));

        var replicas = await DescribeManyAsync(gateway.Channel, 20);

        Assert.Contains("a", replicas);
        Assert.Contains("b", replicas);
    }

    [Fact]
    public async Task A_replica_reporting_NOT_SERVING_over_grpc_health_is_ejected_and_readmitted()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var b = await ControlPlaneStandIn.StartAsync("b", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: true, a, b));
        await EventuallyAsync(async () => ActiveHealth(await StatusAsync(gateway), "b") == "Healthy", "b probed healthy");

        b.Health.SetStatus("", HealthCheckResponse.Types.ServingStatus.NotServing);
        await EventuallyAsync(async () => ActiveHealth(await StatusAsync(gateway), "b") == "Unhealthy", "b marked unhealthy by the gRPC probe");

        Assert.All(await DescribeManyAsync(gateway.Channel, 10), r => Assert.Equal("a", r));
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("NotServing", StringComparison.Ordinal) && l.Contains("cp/b", StringComparison.Ordinal));

        b.Health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        await EventuallyAsync(async () => ActiveHealth(await StatusAsync(gateway), "b") == "Healthy", "b readmitted");
        await EventuallyAsync(async () => (await DescribeManyAsync(gateway.Channel, 6)).Contains("b"), "b serves again");
    }

    [Fact]
    public async Task A_killed_replica_is_ejected_by_the_probe_and_calls_keep_succeeding()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var b = await ControlPlaneStandIn.StartAsync("b", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: true, a, b));
        await EventuallyAsync(async () => ActiveHealth(await StatusAsync(gateway), "b") == "Healthy", "b probed healthy");

        await b.KillAsync();
        await EventuallyAsync(async () => ActiveHealth(await StatusAsync(gateway), "b") == "Unhealthy", "dead b marked unhealthy");

        Assert.All(await DescribeManyAsync(gateway.Channel, 10), r => Assert.Equal("a", r));
    }

    [Fact]
    public async Task Server_streaming_and_trailers_pass_through_untouched()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a));
        var client = new EventsService.EventsServiceClient(gateway.Channel);

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "25", Subscriber = "reader" }, deadline: DateTime.UtcNow.AddSeconds(30));
        var cursors = new List<string>();
        await foreach (var message in call.ResponseStream.ReadAllAsync()) cursors.Add(message.Cursor);

        Assert.Equal(Enumerable.Range(1, 25).Select(i => i.ToString("D8")), cursors);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("a", call.GetTrailers().GetValue("x-replica"));
        Assert.Equal("25", call.GetTrailers().GetValue("x-count"));
    }

    [Fact]
    public async Task An_error_status_after_streamed_messages_reaches_the_client_with_its_trailers()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a));
        var client = new EventsService.EventsServiceClient(gateway.Channel);

        using var call = client.Subscribe(new SubscribeRequest { FromCursor = "2", Subscriber = "fail" }, deadline: DateTime.UtcNow.AddSeconds(30));
        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync()) received++;
        });

        Assert.True(error.StatusCode == StatusCode.PermissionDenied, error.ToString());
        Assert.Equal(2, received);
        Assert.Equal("subscriber 'fail' is not granted", error.Status.Detail);
        Assert.Equal("2", error.Trailers.GetValue("x-count"));
    }

    [Fact]
    public async Task Idempotent_calls_are_retried_on_another_replica_when_one_is_dead()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        var dead = await ControlPlaneStandIn.StartAsync("dead", requireToken: false);
        await dead.KillAsync();
        // No health checks: the gateway does not know "dead" is gone, and round robin sends every other call there.
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: false, a, dead));

        Assert.All(await DescribeManyAsync(gateway.Channel, 10), r => Assert.Equal("a", r));
        Assert.Contains(gateway.Logs.Lines, l => l.Contains("Retrying idempotent call /greentic.provider.v1.ProviderService/Describe", StringComparison.Ordinal));

        // Invoke is not idempotent: on the dead replica it fails with a status a person can act on.
        var client = new ProviderService.ProviderServiceClient(gateway.Channel);
        var failures = new List<RpcException>();
        for (var i = 0; i < 4; i++)
        {
            try
            {
                await client.InvokeAsync(new InvokeRequest { ProviderType = "messaging.dummy", Op = "send" }, deadline: DateTime.UtcNow.AddSeconds(20));
            }
            catch (RpcException ex)
            {
                failures.Add(ex);
            }
        }
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal(StatusCode.Unavailable, f.StatusCode));
        Assert.All(failures, f => Assert.Contains("could not reach a control-plane replica", f.Status.Detail));
    }

    [Fact]
    public async Task No_healthy_replica_is_UNAVAILABLE_with_a_reason()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        a.Health.SetStatus("", HealthCheckResponse.Types.ServingStatus.NotServing);
        await using var gateway = await GatewayUnderTest.StartAsync(Cluster("RoundRobin", grpcHealth: true, a));
        await EventuallyAsync(async () => ActiveHealth(await StatusAsync(gateway), "a") == "Unhealthy", "a unhealthy");

        var error = await Assert.ThrowsAsync<RpcException>(() => DescribeReplicaAsync(gateway.Channel));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("no healthy control-plane replica", error.Status.Detail);
    }
}
