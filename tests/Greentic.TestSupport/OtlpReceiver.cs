using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Greentic.TestSupport;

/// <summary>
/// An OTLP/HTTP collector stand-in on a <see cref="LoopbackServer"/>: accepts protobuf exports at <c>/v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c> only (any other path is a 404, as a real collector answers), keeping every
/// body. Logs are a signal the control plane exports too (on their own batch timer, so whether a short test sees them
/// depends on its pace).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    private OtlpReceiver()
    {
    }

    public ConcurrentQueue<byte[]> TraceBodies { get; } = new();
    public ConcurrentQueue<byte[]> MetricBodies { get; } = new();
    public ConcurrentQueue<byte[]> LogBodies { get; } = new();
    public ConcurrentQueue<string> OtherPaths { get; } = new();
    public string Endpoint => _server.BaseUrl;

    public IReadOnlyList<ExportedSpan> Spans => TraceBodies.SelectMany(OtlpTraceDecoder.Decode).ToList();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await LoopbackServer.StartAsync(receiver.Map);
        return receiver;
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v1/traces", async (HttpContext http) => await Keep(http, TraceBodies));
        app.MapPost("/v1/metrics", async (HttpContext http) => await Keep(http, MetricBodies));
        app.MapPost("/v1/logs", async (HttpContext http) => await Keep(http, LogBodies));
        app.MapFallback((HttpContext http) =>
        {
            OtherPaths.Enqueue(http.Request.Path);
            return Results.NotFound();
        });
    }

    private static async Task<IResult> Keep(HttpContext http, ConcurrentQueue<byte[]> bodies)
    {
        if (http.Request.ContentType != "application/x-protobuf") return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        bodies.Enqueue(buffer.ToArray());
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
