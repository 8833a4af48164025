using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace Greentic.Rpc.LoadServer;

/// <summary>
/// The floor under any gRPC server on Kestrel: the same EmptyCall exchange written by hand against Kestrel's API
/// (drain the request, the 5-byte empty message, <c>grpc-status: 0</c> in the trailers), with no Greentic.Rpc code.
/// run.sh --floor measures it next to the real server, so what Greentic.Rpc adds per call is the difference.
/// </summary>
internal static class KestrelFloorEndpoint
{
    public const string Path = "/floor.TestService/EmptyCall";
    private static readonly byte[] EmptyMessage = new byte[5];

    public static async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) break;
        }
        var response = context.Response;
        response.ContentType = "application/grpc";
        await response.BodyWriter.WriteAsync(EmptyMessage, context.RequestAborted);
        response.AppendTrailer("grpc-status", "0");
    }
}
