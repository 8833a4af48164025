using System.Text;
using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.Providers.Channels;
using Greentic.Scale.Tests.Support;
using Greentic.TestSupport;
using Greentic.Types.V1;
using Grpc.Core;
using Grpc.Health.V1;

namespace Greentic.Scale.Tests.Drain;

/// <summary>
/// SIGTERM on a real control-plane process: health turns NOT_SERVING while it still serves, the calls in flight finish,
/// then it exits and new calls get UNAVAILABLE. Counts and states only; the drain delay is long enough for a loaded machine.
/// </summary>
public sealed class GracefulDrainTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private GreenticUpProcess _up = null!;

    public async Task InitializeAsync() =>
        _up = await GreenticUpProcess.StartAsync(_dir.File("cp"), env: new Dictionary<string, string>
        {
            ["Greentic__ControlPlane__Drain__Delay"] = "00:00:04",
            ["Greentic__ControlPlane__Drain__GracePeriod"] = "00:00:40",
        });

    public async Task DisposeAsync()
    {
        await _up.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SIGTERM_reports_NOT_SERVING_first_finishes_calls_in_flight_then_refuses_new_ones()
    {
        var headers = new Metadata { { "authorization", "Bearer " + _up.Token() } };
        using var channel = _up.Channel();
        var provider = new ProviderService.ProviderServiceClient(channel.Invoker);
        Assert.Contains("\"ok\":true", (await provider.InvokeAsync(Invoke("echo", "{}"), headers)).OutputJson.ToStringUtf8());

        var inFlight = Enumerable.Range(0, 5)
            .Select(_ => provider.InvokeAsync(Invoke("sleep", "{\"ms\":9000}"), headers, DateTime.UtcNow.AddMinutes(2)).ResponseAsync)
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the calls reach the provider (they sleep 9 s, within the route's 10 s timeout)
        Signals.Terminate(_up.Pid);

        var seen = new List<HealthCheckResponse.Types.ServingStatus>();
        while (!_up.HasExited && !seen.Contains(HealthCheckResponse.Types.ServingStatus.NotServing))
        {
            using var probe = _up.Channel(); // a new connection, as the gateway's prober opens
            try
            {
                seen.Add((await new Health.HealthClient(probe.Invoker).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Status);
            }
            catch (RpcException)
            {
                break; // listener closed
            }
            await Task.Delay(100);
        }
        Assert.Contains(HealthCheckResponse.Types.ServingStatus.NotServing, seen);

        var answers = await Task.WhenAll(inFlight);
        Assert.All(answers, a => Assert.Contains("\"slept_ms\":9000", a.OutputJson.ToStringUtf8()));

        for (var i = 0; i < 600 && !_up.HasExited; i++) await Task.Delay(100);
        Assert.True(_up.HasExited, "the control plane should exit after draining");
        Assert.Contains("Draining: health is NOT_SERVING", _up.Output);
        var refused = await Assert.ThrowsAsync<RpcException>(() => provider.InvokeAsync(Invoke("echo", "{}"), headers).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
    }

    private static InvokeRequest Invoke(string op, string json) => new()
    {
        Ctx = new TenantCtx { Env = "dev", Tenant = "demo" },
        ProviderType = "echo",
        Op = op,
        InputJson = ByteString.CopyFrom(Encoding.UTF8.GetBytes(json)),
    };
}
