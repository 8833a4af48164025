using System.Net;
using Greentic.Rpc;
using Greentic.Rpc.LoadServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Greentic.Rpc.LoadServer --port=N : cleartext HTTP/2 (prior knowledge) on 127.0.0.1:N.
var port = args.Select(a => a.StartsWith("--port=", StringComparison.Ordinal) && int.TryParse(a["--port=".Length..], out var p) ? p : 0)
    .FirstOrDefault(p => p > 0);
if (port <= 0 || port > 65535)
{
    Console.Error.WriteLine("usage: Greentic.Rpc.LoadServer --port=N (1-65535)");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddRpc();

var app = builder.Build();
app.MapRpcService<LoadTestService>();
await app.StartAsync();
Console.WriteLine($"listening on {port}");
await app.WaitForShutdownAsync();
return 0;
