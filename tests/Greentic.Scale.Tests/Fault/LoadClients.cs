using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.Providers.Channels;
using Greentic.State.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.Scale.Tests.Fault;

/// <summary>
/// Continuous load through the gateway: provider invokes and state writes (both configured idempotent at the gateway,
/// so a replica dying under them is retried elsewhere). Records every failure with its status and every acknowledged
/// write, so nothing is judged by time.
/// </summary>
internal sealed class LoadClients(string gatewayGrpc, string token)
{
    private static readonly TenantCtx Ctx = new() { Env = "dev", Tenant = "demo" };

    public long Invokes;
    public long Writes;
    public ConcurrentQueue<string> Failures { get; } = new();
    public ConcurrentDictionary<string, string> AckedWrites { get; } = new();

    private Metadata Headers => new() { { "authorization", "Bearer " + token } };

    public Task RunAsync(int invokers, int writers, CancellationToken stop)
    {
        var channel = TargetChannel.Create(gatewayGrpc);
        var tasks = Enumerable.Range(0, invokers).Select(i => Task.Run(() => InvokeLoop(channel, i, stop)))
            .Concat(Enumerable.Range(0, writers).Select(i => Task.Run(() => WriteLoop(channel, i, stop))))
            .ToArray();
        return Task.WhenAll(tasks).ContinueWith(_ => channel.Dispose(), TaskScheduler.Default);
    }

    private async Task InvokeLoop(TargetChannel channel, int worker, CancellationToken stop)
    {
        var client = new ProviderService.ProviderServiceClient(channel.Invoker);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            try
            {
                var answer = await client.InvokeAsync(new InvokeRequest
                {
                    Ctx = Ctx, ProviderType = "echo", Op = "echo", InputJson = ByteString.CopyFromUtf8($"{{\"w\":{worker},\"n\":{n}}}"),
                }, Headers, DateTime.UtcNow.AddSeconds(30));
                if (!answer.OutputJson.ToStringUtf8().Contains($"\"n\":{n}", StringComparison.Ordinal)) Failures.Enqueue($"invoke w{worker} n{n}: wrong answer");
                Interlocked.Increment(ref Invokes);
            }
            catch (RpcException e)
            {
                Failures.Enqueue($"invoke w{worker} n{n}: {e.StatusCode} {e.Status.Detail}");
            }
        }
    }

    private async Task WriteLoop(TargetChannel channel, int worker, CancellationToken stop)
    {
        var client = new StateService.StateServiceClient(channel.Invoker);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var key = $"w{worker}-{n}";
            var value = $"value-{worker}-{n}";
            try
            {
                await client.WriteAsync(new WriteRequest { Ctx = Ctx, Prefix = "fault", Key = key, Value = ByteString.CopyFromUtf8(value) }, Headers, DateTime.UtcNow.AddSeconds(30));
                AckedWrites[key] = value;
                Interlocked.Increment(ref Writes);
            }
            catch (RpcException e)
            {
                Failures.Enqueue($"write {key}: {e.StatusCode} {e.Status.Detail}");
            }
        }
    }

    /// <summary>Reads every acknowledged write back through the gateway; returns the keys missing or wrong.</summary>
    public async Task<List<string>> LostWritesAsync()
    {
        using var channel = TargetChannel.Create(gatewayGrpc);
        var client = new StateService.StateServiceClient(channel.Invoker);
        var lost = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(AckedWrites, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (kv, ct) =>
        {
            var read = await client.ReadAsync(new ReadRequest { Ctx = Ctx, Prefix = "fault", Key = kv.Key }, Headers, DateTime.UtcNow.AddSeconds(30), ct);
            if (Encoding.UTF8.GetString(read.Value.Span) != kv.Value) lost.Add(kv.Key);
        });
        return [.. lost];
    }
}
