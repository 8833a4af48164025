using Greentic.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Greentic.Packs.Tests;

/// <summary>A real HTTP server (a <see cref="LoopbackServer"/>) serving files from a folder (and counting requests).</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    public int Requests;

    private LocalHttpServer()
    {
    }

    public string BaseUrl => _server.BaseUrl;

    public static async Task<LocalHttpServer> StartAsync(string root, Func<HttpContext, Task<bool>>? intercept = null)
    {
        var server = new LocalHttpServer();
        server._server = await LoopbackServer.StartAsync(app => app.Run(async ctx =>
        {
            Interlocked.Increment(ref server.Requests);
            if (intercept is not null && await intercept(ctx)) return;
            var rel = Uri.UnescapeDataString(ctx.Request.Path.Value!.TrimStart('/'));
            var full = Path.GetFullPath(Path.Combine(root, rel));
            if (!full.StartsWith(Path.GetFullPath(root)) || !File.Exists(full)) { ctx.Response.StatusCode = 404; return; }
            ctx.Response.ContentType = "application/octet-stream";
            await ctx.Response.Body.WriteAsync(await File.ReadAllBytesAsync(full));
        }));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
