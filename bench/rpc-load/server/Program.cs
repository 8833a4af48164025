using System.Net;
using Greentic.Rpc;
using Greentic.Rpc.LoadServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Greentic.Rpc.LoadServer --port=N [--console-log] : cleartext HTTP/2 (prior knowledge) on 127.0.0.1:N.
// Without --console-log no logger is registered, like the C++ peer, which writes nothing per call. With it, a
// console logger at Warning — and ASP.NET Core hosting then starts an Activity and a log scope for every request.
var port = args.Select(a => a.StartsWith("--port=", StringComparison.Ordinal) && int.TryParse(a["--port=".Length..], out var p) ? p : 0)
    .FirstOrDefault(p => p > 0);
if (port <= 0 || port > 65535)
{
    Console.Error.WriteLine("usage: Greentic.Rpc.LoadServer --port=N (1-65535) [--console-log]");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
if (args.Contains("--console-log")) builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddRpc();

var app = builder.Build();
app.MapRpcService<LoadTestService>();
app.MapPost(KestrelFloorEndpoint.Path, KestrelFloorEndpoint.HandleAsync);
// For run.sh's per-call figures (bytes allocated, collections); never hit during a measured run.
app.MapGet("/stats", () => $"allocated_bytes {GC.GetTotalAllocatedBytes(precise: true)}\ngc0 {GC.CollectionCount(0)}\ngc1 {GC.CollectionCount(1)}\ngc2 {GC.CollectionCount(2)}\n");
await app.StartAsync();
Console.WriteLine($"listening on {port}");
await app.WaitForShutdownAsync();
return 0;
