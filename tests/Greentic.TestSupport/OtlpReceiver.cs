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
/// An OTLP/HTTP collector stand-in on 127.0.0.1:0: accepts protobuf exports at <c>/v1/traces</c> and
/// <c>/v1/metrics</c> only (any other path is a 404, as a real collector answers), keeping every body.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<byte[]> TraceBodies { get; } = new();
    public ConcurrentQueue<byte[]> MetricBodies { get; } = new();
    public ConcurrentQueue<string> OtherPaths { get; } = new();
    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<ExportedSpan> Spans => TraceBodies.SelectMany(OtlpTraceDecoder.Decode).ToList();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/traces", async (HttpContext http) => await Keep(http, receiver.TraceBodies));
        app.MapPost("/v1/metrics", async (HttpContext http) => await Keep(http, receiver.MetricBodies));
        app.MapFallback((HttpContext http) =>
        {
            receiver.OtherPaths.Enqueue(http.Request.Path);
            return Results.NotFound();
        });
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    private static async Task<IResult> Keep(HttpContext http, ConcurrentQueue<byte[]> bodies)
    {
        if (http.Request.ContentType != "application/x-protobuf") return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        bodies.Enqueue(buffer.ToArray());
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
