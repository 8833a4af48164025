using Greentic.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Greentic.Conformance.Tests.ThreeForms;

/// <summary>A <see cref="LoopbackServer"/> answering <c>pong</c>: the egress target the tenant's policy allows.</summary>
internal sealed class PongServer : IAsyncDisposable
{
    private readonly LoopbackServer server;

    private PongServer(LoopbackServer server)
    {
        this.server = server;
        Url = new Uri(new Uri(server.BaseUrl), "/ping");
    }

    public Uri Url { get; }

    public static async Task<PongServer> StartAsync() =>
        new(await LoopbackServer.StartAsync(app => app.Run(context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.Headers["x-pong"] = "1";
            return context.Response.WriteAsync("pong");
        })));

    public async ValueTask DisposeAsync() => await server.DisposeAsync();
}
