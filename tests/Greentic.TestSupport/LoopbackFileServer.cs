using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Greentic.TestSupport;

/// <summary>
/// A real HTTP server (a <see cref="LoopbackServer"/>) serving files from memory: pack indexes and packs, JWKS
/// documents, OpenID discovery documents. Tests publish, replace and remove files while it runs; unknown paths are
/// 404. It counts the requests per path (without the leading slash).
/// </summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private LoopbackServer? _server;

    public string BaseUrl => _server?.BaseUrl ?? "";

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

    public async Task StartAsync() => _server = await LoopbackServer.StartAsync(app => app.Run(ServeAsync));

    private async Task ServeAsync(HttpContext http)
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
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
