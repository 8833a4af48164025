using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Greentic.TestSupport;

/// <summary>
/// A real HTTP server (Kestrel, 127.0.0.1) serving files from memory: pack indexes and packs, JWKS documents,
/// OpenID discovery documents. Tests publish, replace and remove files while it runs; unknown paths are 404. It
/// counts the requests per path (without the leading slash).
/// </summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public string Url(string path) => $"{BaseUrl}/{path}";

    public void Publish(string path, byte[] content) => _files[path] = content;

    public void Publish(string path, string content) => Publish(path, System.Text.Encoding.UTF8.GetBytes(content));

    public void Remove(string path) => _files.TryRemove(path, out _);

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public static async Task<LoopbackFileServer> StartNewAsync()
    {
        var server = new LoopbackFileServer();
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async http =>
        {
            var path = http.Request.Path.Value!.TrimStart('/');
            _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            if (!_files.TryGetValue(path, out var content))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            http.Response.ContentType = path.EndsWith(".json", StringComparison.Ordinal) || path.StartsWith(".well-known/", StringComparison.Ordinal)
                ? "application/json"
                : "application/octet-stream";
            http.Response.ContentLength = content.Length;
            await http.Response.Body.WriteAsync(content, http.RequestAborted);
        });
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
