using Greentic.TestSupport;
using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Greentic.State.V1;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host.Tests.Resilience;

/// <summary>kill -9 of a control plane process (<c>greentic up</c>, SQLite state) while clients write state.</summary>
public sealed class ControlPlaneKillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gt-cpk-").FullName;

    private static readonly TenantCtx Demo = new() { Tenant = "demo" };

    [Fact]
    public async Task NoAcknowledgedStateWriteIsLostAcrossKillMinus9()
    {
        var acknowledged = new ConcurrentDictionary<string, string>();
        var refused = new ConcurrentQueue<StatusCode>();
        await using (var first = await GreenticUpProcess.StartAsync(_dir))
        {
            using var channel = first.Channel();
            var client = new StateService.StateServiceClient(channel.Invoker);
            var headers = Bearer(first.Token());
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = $"w{w}/k{i}";
                    var value = $"value {w}/{i} {Guid.NewGuid():N}";
                    try
                    {
                        await client.WriteAsync(new WriteRequest { Ctx = Demo, Key = key, Value = ByteString.CopyFromUtf8(value) },
                            headers, DateTime.UtcNow.AddSeconds(30));
                        acknowledged[key] = value; // only once the control plane said OK
                    }
                    catch (RpcException e)
                    {
                        refused.Enqueue(e.StatusCode);
                        if (e.StatusCode != StatusCode.Unavailable) throw;
                        await Task.Delay(10);
                    }
                }
            })).ToArray();

            await EchoLoad.WaitUntilAsync(() => acknowledged.Count >= 300, TimeSpan.FromSeconds(90), () => $"{acknowledged.Count} acknowledged");
            await first.KillAsync(); // mid-stream: four writers have calls in flight
            // Writes still in flight end with an error (not acknowledged); give them time to notice the dead peer.
            await EchoLoad.WaitUntilAsync(() => refused.Count >= 1, TimeSpan.FromSeconds(30), () => "no write noticed the kill");
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using var second = await GreenticUpProcess.StartAsync(_dir);
        using var channel2 = second.Channel();
        var reader = new StateService.StateServiceClient(channel2.Invoker);
        var headers2 = Bearer(second.Token());
        var lost = new List<string>();
        foreach (var (key, value) in acknowledged)
        {
            try
            {
                var read = await reader.ReadAsync(new ReadRequest { Ctx = Demo, Key = key }, headers2, DateTime.UtcNow.AddSeconds(30));
                if (read.Value.ToStringUtf8() != value) lost.Add($"{key}: read '{read.Value.ToStringUtf8()}'");
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                lost.Add($"{key}: not found");
            }
        }
        Assert.True(acknowledged.Count >= 300);
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged writes lost: {string.Join("; ", lost.Take(10))}");
    }

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
