using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>A loopback HTTP server answering <c>pong</c>: the egress target the tenant's policy allows.</summary>
internal sealed class PongServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private PongServer(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<PongServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.Headers["x-pong"] = "1";
            return context.Response.WriteAsync("pong");
        });
        await app.StartAsync();
        return new PongServer(app, new Uri(new Uri(app.Urls.First()), "/ping"));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
