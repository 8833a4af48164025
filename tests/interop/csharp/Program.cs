// The C# peer of tests/interop/run-matrix: runs every case against the live control plane over one transport and prints
// one JSON line per case, {"case","ok","detail"[,"trace_id"]}.
//   dotnet Greentic.Interop.Peer.dll CONFIG.json h2c|tls|uds
using System.Text.Json.Nodes;
using Grpc.Core;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Greentic.Interop.Peer CONFIG.json h2c|tls|uds");
    return 2;
}
var config = PeerConfig.Load(args[0]);
using var channel = PeerChannel.Create(config, args[1]);
var cases = new Cases(config, channel, "csharp-" + args[1]);
foreach (var (name, run) in cases.All)
{
    var line = new JsonObject { ["case"] = name };
    try
    {
        var traceId = await run().WaitAsync(TimeSpan.FromSeconds(60));
        line["ok"] = true;
        line["detail"] = "";
        if (traceId is not null) line["trace_id"] = traceId;
    }
    catch (Exception e) when (e is CaseFailed or RpcException or TimeoutException or InvalidOperationException or HttpRequestException)
    {
        line["ok"] = false;
        line["detail"] = e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message;
    }
    Console.WriteLine(line.ToJsonString());
}
return 0;
