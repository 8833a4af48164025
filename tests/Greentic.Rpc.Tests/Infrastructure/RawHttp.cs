using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Greentic.Rpc.Tests.Infrastructure;

/// <summary>Hand-built gRPC requests over plain HttpClient (h2c prior knowledge), for malformed-input tests.</summary>
public static class RawHttp
{
    public static HttpClient CreateClient() => new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };

    public static byte[] Frame(IMessage message, bool compressedFlag = false) => Frame(message.ToByteArray(), compressedFlag);

    public static byte[] Frame(byte[] payload, bool compressedFlag = false, int? declaredLength = null)
    {
        var framed = new byte[5 + payload.Length];
        framed[0] = compressedFlag ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(framed, 5);
        return framed;
    }

    public static HttpRequestMessage Request(string address, string path, HttpContent? content, string contentType = "application/grpc", Version? version = null)
    {
        content ??= new ByteArrayContent([]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, address.TrimEnd('/') + path)
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>Sends, reads the whole body, and returns the grpc-status/message from trailers or headers (Trailers-Only).</summary>
    public static async Task<(HttpResponseMessage Response, byte[] Body, string? Status, string? Message)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        return (response, body, Get(response, "grpc-status"), Get(response, "grpc-message"));
    }

    public static string? Get(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.First()
        : response.Headers.TryGetValues(name, out var h) ? h.First()
        : null;
}
