using Grpc.Core;
using Grpc.Health.V1;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Greentic.ControlPlane.Tests.Health;

/// <summary>
/// <c>grpc.health.v1.Health</c> reports each component under its own service name from the real checks — the state
/// store, the routing policy, each supervised sidecar — and the empty name for all of them; Watch delivers changes.
/// </summary>
public sealed class HealthServiceTests(HealthControlPlane cp) : IClassFixture<HealthControlPlane>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private async Task<ServingStatus> CheckAsync(string service)
    {
        using var channel = cp.Channel();
        var response = await new Grpc.Health.V1.Health.HealthClient(channel.Invoker).CheckAsync(new HealthCheckRequest { Service = service },
            deadline: DateTime.UtcNow.AddSeconds(30));
        return response.Status;
    }

    [Fact]
    public async Task A_sidecar_that_is_not_running_is_not_serving_while_the_state_store_is()
    {
        Assert.Equal(ServingStatus.Serving, await CheckAsync("greentic.state"));
        Assert.Equal(ServingStatus.NotServing, await CheckAsync("greentic.sidecar.x"));
        Assert.Equal(ServingStatus.NotServing, await CheckAsync(""));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => CheckAsync("greentic.sidecar.nobody"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Routing_health_follows_the_policy_and_watch_delivers_the_change()
    {
        using var channel = cp.Channel();
        using var cts = new CancellationTokenSource(Generous);
        using var watch = new Grpc.Health.V1.Health.HealthClient(channel.Invoker)
            .Watch(new HealthCheckRequest { Service = "greentic.routing" }, cancellationToken: cts.Token);
        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        Assert.Equal(ServingStatus.NotServing, await CheckAsync("greentic.routing"));

        File.WriteAllText(cp.RoutesFile, InProcessControlPlane.Routes);
        do Assert.True(await watch.ResponseStream.MoveNext(cts.Token), "the watch ended before routing became healthy");
        while (watch.ResponseStream.Current.Status != ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await CheckAsync("greentic.routing"));

        // A bad edit after a good load degrades routing to the last good policy: it keeps serving.
        File.WriteAllText(cp.RoutesFile, HealthControlPlane.BrokenRoutes);
        var admin = new Greentic.Admin.V1.AdminService.AdminServiceClient(channel.Invoker);
        for (var deadline = DateTime.UtcNow + Generous;
             (await admin.ListRoutesAsync(new Greentic.Admin.V1.ListRoutesRequest(), deadline: DateTime.UtcNow.AddSeconds(30))).LastError.Length == 0;
             await Task.Delay(100))
            Assert.True(DateTime.UtcNow < deadline, "the broken policy was never noticed");
        Assert.Equal(ServingStatus.Serving, await CheckAsync("greentic.routing"));
    }
}
