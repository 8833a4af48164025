using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Greentic.TestSupport;

/// <summary>A real HTTP server (a <see cref="LoopbackServer"/>) that records every request it serves.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    public sealed record Seen(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers);

    public ConcurrentQueue<Seen> Requests { get; }
    public Uri BaseUri { get; }
    public int Port => BaseUri.Port;

    private LoopbackHttpServer(LoopbackServer server, ConcurrentQueue<Seen> requests)
    {
        _server = server;
        Requests = requests;
        BaseUri = new Uri(server.BaseUrl);
    }

    public static async Task<LoopbackHttpServer> StartAsync(Func<HttpContext, string, Task> handle, Action<WebApplicationBuilder>? configure = null)
    {
        var requests = new ConcurrentQueue<Seen>();
        var server = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            requests.Enqueue(new Seen(context.Request.Method, context.Request.Path + context.Request.QueryString, body,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            await handle(context, body);
        }), configure);
        return new LoopbackHttpServer(server, requests);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
