using System.Collections.Concurrent;
using System.IO.Pipelines;
using Greentic.Interop.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Greentic.Interop.Server;

/// <summary>
/// Records the compressed flag of every request message, in order, as the request body is read, so the
/// CompressedRequest feature can judge each message and not just the call's grpc-encoding header.
/// Greentic.Rpc does not report a received message's compressed flag; this reads it off the wire instead.
/// </summary>
public static class RequestFlagsMiddleware
{
    private static readonly object ItemKey = new();

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var flags = new ConcurrentQueue<bool>();
        context.Items[ItemKey] = flags;
        var body = new FrameScanningStream(context.Request.Body, flags.Enqueue);
        context.Request.Body = body;
        context.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(PipeReader.Create(body)));
        await next(context);
    }

    /// <summary>The compressed flag of the next request message not yet taken; null when none was recorded.</summary>
    public static bool? TakeNextFlag(HttpContext context) =>
        context.Items[ItemKey] is ConcurrentQueue<bool> flags && flags.TryDequeue(out var compressed) ? compressed : null;

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}
