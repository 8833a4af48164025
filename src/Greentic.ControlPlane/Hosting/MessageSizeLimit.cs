using System.Buffers.Binary;
using Greentic.ControlPlane.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Hosting;

/// <summary>
/// Refuses a gRPC request whose first message is over <see cref="ControlPlaneOptions.MaxMessageSize"/> with
/// RESOURCE_EXHAUSTED naming the size, the limit and the setting that raises it. grpc-dotnet enforces the same
/// limit but only says "Received message exceeds the maximum configured message size". The 5-byte frame header is
/// examined, not consumed, so the gRPC handler reads the body untouched; a later oversized message of a stream
/// still meets grpc-dotnet's own check.
/// </summary>
internal sealed class MessageSizeLimit(RequestDelegate next, IOptions<ControlPlaneOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context);
            return;
        }
        var reader = context.Request.BodyReader;
        var read = await reader.ReadAtLeastAsync(5, context.RequestAborted);
        var buffer = read.Buffer;
        long length = -1;
        if (buffer.Length >= 5)
        {
            Span<byte> header = stackalloc byte[5];
            System.Buffers.BuffersExtensions.CopyTo(buffer.Slice(0, 5), header);
            length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        }
        // Consume and examine nothing: marking the bytes examined would make the handler's next read wait for more data,
        // which a streaming client sends only after it has an answer (server reflection hung here).
        reader.AdvanceTo(buffer.Start);
        var limit = options.Value.MaxMessageSize;
        if (length <= limit)
        {
            await next(context);
            return;
        }
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "8"; // RESOURCE_EXHAUSTED
        context.Response.Headers["grpc-message"] = GrpcMessage.Encode(
            $"the request message is {length} bytes, over this control plane's limit of {limit} bytes (raise {ControlPlaneOptions.SectionName}:MaxMessageSize)");
    }
}
