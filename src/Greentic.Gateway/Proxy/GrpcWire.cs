using System.Text;
using Microsoft.AspNetCore.Http;

namespace Greentic.Gateway.Proxy;

/// <summary>gRPC over HTTP/2 facts the edge needs when it answers a call itself instead of a replica.</summary>
internal static class GrpcWire
{
    public const int Ok = 0;
    public const int DeadlineExceeded = 4;
    public const int ResourceExhausted = 8;
    public const int Internal = 13;
    public const int Unavailable = 14;

    /// <summary>HTTP/2 RST_STREAM codes (RFC 9113 §7); gRPC clients read CANCEL as CANCELLED and INTERNAL_ERROR as INTERNAL.</summary>
    public const int Http2InternalError = 0x2;
    public const int Http2Cancel = 0x8;

    /// <summary>A gRPC request: content-type application/grpc, application/grpc+proto, …</summary>
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Answers with a Trailers-Only response: HTTP 200, no message, and the status in the headers, which is
    /// how a gRPC server reports an error before sending anything (clients read it as the call's status).
    /// </summary>
    public static Task WriteStatusAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = EncodeMessage(message);
        return response.CompleteAsync();
    }

    /// <summary>grpc-message percent-encoding: UTF-8, and only bytes outside 0x20–0x7E and '%' itself are escaped.</summary>
    public static string EncodeMessage(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%') builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }
}
