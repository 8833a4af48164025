using System.Diagnostics;
using Google.Protobuf;
using Greentic.Provider.V1;
using Greentic.Types.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Bench;

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each invoking <c>echo</c> back to back on one shared channel for
/// the given time, recording every call's latency. The same runner measures the sidecar directly and through
/// the control plane, so the only difference between the two runs is the hop.
/// </summary>
internal static class EchoLoadRunner
{
    private static readonly InvokeRequest Request = new()
    {
        Ctx = new TenantCtx { Env = "dev", Tenant = "acme" },
        ProviderType = "echo",
        Op = "echo",
        InputJson = ByteString.CopyFromUtf8("""{"text":"hello","n":42}"""),
    };

    public static async Task<LoadResult> RunAsync(string name, CallInvoker channel, Metadata? headers, int concurrency, TimeSpan duration)
    {
        var client = new ProviderService.ProviderServiceClient(channel);
        var errors = 0;
        var stopwatch = Stopwatch.StartNew();
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(1 << 16);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await client.InvokeAsync(Request, headers);
                    latencies.Add(Stopwatch.GetTimestamp() - started);
                }
                catch (RpcException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
            return latencies;
        })).ToArray();
        var all = (await Task.WhenAll(workers)).SelectMany(l => l).ToArray();
        stopwatch.Stop();
        Array.Sort(all);
        return new LoadResult(name, all, stopwatch.Elapsed, errors);
    }
}
