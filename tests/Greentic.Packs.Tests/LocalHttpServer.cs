using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.Packs.Tests;

/// <summary>A real Kestrel server on 127.0.0.1:0 serving files from a folder (and counting requests).</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public int Requests;

    private LocalHttpServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<LocalHttpServer> StartAsync(string root, Func<HttpContext, Task<bool>>? intercept = null)
    {
        var b = WebApplication.CreateSlimBuilder();
        b.Logging.ClearProviders();
        b.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = b.Build();
        var server = new LocalHttpServer(app);
        app.Run(async ctx =>
        {
            Interlocked.Increment(ref server.Requests);
            if (intercept is not null && await intercept(ctx)) return;
            var rel = Uri.UnescapeDataString(ctx.Request.Path.Value!.TrimStart('/'));
            var full = Path.GetFullPath(Path.Combine(root, rel));
            if (!full.StartsWith(Path.GetFullPath(root)) || !File.Exists(full)) { ctx.Response.StatusCode = 404; return; }
            ctx.Response.ContentType = "application/octet-stream";
            await ctx.Response.Body.WriteAsync(await File.ReadAllBytesAsync(full));
        });
        await app.StartAsync();
        var addr = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = addr.TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
