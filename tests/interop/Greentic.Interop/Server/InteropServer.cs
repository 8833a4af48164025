using System.Net;
using Greentic.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Greentic.Interop.Server;

/// <summary>Runs <see cref="InteropTestService"/> with grpc's interop-server flags: <c>--port=N --use_tls=BOOL</c>.</summary>
public static class InteropServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var flags = Flags.Parse(args, new Dictionary<string, string> { ["port"] = "0", ["use_tls"] = "false" });
        var port = flags.Int("port");
        var useTls = flags.Bool("use_tls");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (useTls)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(TestCertificates.ServerCertificate());
            }
            else
            {
                // Cleartext HTTP/2 with prior knowledge (h2c): Http1AndHttp2 would speak only HTTP/1.1.
                listen.Protocols = HttpProtocols.Http2;
            }
        }));
        builder.Services.AddRpc();

        var app = builder.Build();
        app.Use(RequestFlagsMiddleware.InvokeAsync);
        app.MapRpcService<InteropTestService>();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        Console.WriteLine($"listening on {new Uri(addresses.First()).Port}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
