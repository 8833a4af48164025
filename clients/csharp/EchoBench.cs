using System.Diagnostics;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Greentic.Provider.V1;
using Grpc.Core;
using Greentic.Types.V1;

/// <summary>
/// GREENTIC_BENCH_CALLS=N: N sequential echo calls on one channel after a warm-up, timed one by one — the same loop
/// as bench.js and greentic_bench.py, so the three clients are compared against the same server in the same run.
/// </summary>
internal static class EchoBench
{
    public static async Task<JsonObject> RunAsync(ProviderService.ProviderServiceClient client, Metadata headers, TenantCtx ctx, int calls)
    {
        var request = new InvokeRequest { Ctx = ctx, ProviderType = "echo", Op = "echo", InputJson = ByteString.CopyFromUtf8("""{"n":1}""") };
        for (var i = 0; i < Math.Max(50, calls / 10); i++) await client.InvokeAsync(request, headers, DateTime.UtcNow.AddSeconds(30));
        var micros = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.InvokeAsync(request, headers, DateTime.UtcNow.AddSeconds(30));
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        total.Stop();
        Array.Sort(micros);
        return new JsonObject
        {
            ["calls"] = calls,
            ["mean_us"] = Math.Round(micros.Average()),
            ["p50_us"] = Math.Round(micros[calls / 2]),
            ["p99_us"] = Math.Round(micros[Math.Min(calls - 1, (int)(calls * 0.99))]),
            ["calls_per_s"] = Math.Round(calls / total.Elapsed.TotalSeconds),
        };
    }
}
