using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.TestSupport;

/// <summary>A real Kestrel server on 127.0.0.1 (ephemeral port) that records every request it serves.</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Seen(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers);

    public ConcurrentQueue<Seen> Requests { get; } = new();
    public Uri BaseUri { get; }
    public int Port => BaseUri.Port;

    private LoopbackHttpServer(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public static async Task<LoopbackHttpServer> StartAsync(Func<HttpContext, string, Task> handle, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure?.Invoke(builder);
        var app = builder.Build();
        LoopbackHttpServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            server!.Requests.Enqueue(new Seen(context.Request.Method, context.Request.Path + context.Request.QueryString, body,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
            await handle(context, body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackHttpServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
