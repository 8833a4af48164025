using System.Globalization;
using System.Net.Http.Headers;
using Greentic.Rpc.Internal;

namespace Greentic.Rpc.Client.Internal;

/// <summary>Status and metadata from HTTP response headers and trailers.</summary>
internal static class ClientStatus
{
    /// <summary>Reads <c>grpc-status</c>, <c>grpc-message</c> (percent-decoded) and <c>grpc-status-details-bin</c>.</summary>
    public static bool TryGetStatus(HttpHeaders headers, out Status status)
    {
        status = default;
        var values = headers.NonValidated;
        if (!values.TryGetValues(GrpcProtocol.StatusTrailer, out var codeValues)) return false;
        var code = int.TryParse(codeValues.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? (StatusCode)parsed
            : StatusCode.Unknown;
        var message = values.TryGetValues(GrpcProtocol.MessageTrailer, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : "";
        ReadOnlyMemory<byte> details = default;
        if (values.TryGetValues(GrpcProtocol.StatusDetailsTrailer, out var detailValues) &&
            GrpcProtocol.TryDecodeBinaryHeader(detailValues.ToString(), out var bytes))
            details = bytes;
        status = new Status(code, message, details);
        return true;
    }

    /// <summary>The custom metadata of response headers or trailers (see <see cref="WireMetadata"/>).</summary>
    public static Metadata MetadataFrom(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers.NonValidated)
        {
            if (WireMetadata.IsReserved(header.Key)) continue;
            foreach (var value in header.Value) WireMetadata.Add(metadata, header.Key, value);
        }
        return metadata;
    }

    /// <summary>grpc/doc/http-grpc-status-mapping.md, for responses that carry no grpc-status.</summary>
    public static StatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => StatusCode.Internal,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.Unimplemented,
        429 or 502 or 503 or 504 => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>RST_STREAM / GOAWAY error codes to statuses (PROTOCOL-HTTP2.md, "Errors").</summary>
    public static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: not processed, safe to retry
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,             // NO_ERROR (before a status), PROTOCOL_ERROR, INTERNAL_ERROR, …
    };
}
