using Greentic.Rpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>Custom metadata to and from ASP.NET Core header dictionaries.</summary>
internal static class MetadataHeaders
{
    /// <summary>
    /// The request's custom metadata: every header except pseudo-headers, <c>grpc-*</c> (reserved for the protocol)
    /// and the HTTP ones the protocol itself uses. <c>-bin</c> values are base64, padded or not; a value HTTP folded
    /// from several fields (comma-joined) gives one entry per part.
    /// </summary>
    public static Metadata FromRequest(IHeaderDictionary headers, ILogger logger)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            var key = header.Key;
            if (IsProtocolHeader(key)) continue;
            var binary = Metadata.IsBinaryKey(key);
            foreach (var value in header.Value)
            {
                if (value is null) continue;
                if (!binary)
                {
                    metadata.Add(new Metadata.Entry(key, value, null, fromWire: true));
                    continue;
                }
                foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (GrpcProtocol.TryDecodeBinaryHeader(part, out var bytes))
                        metadata.Add(new Metadata.Entry(key, null, bytes, fromWire: true));
                    else
                        ServerLog.InvalidBinaryHeader(logger, key);
                }
            }
        }
        return metadata;
    }

    public static void AppendTo(IHeaderDictionary destination, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            if (entry.Key == GrpcProtocol.CompressionRequestAlgorithmHeader) continue;
            destination.Append(entry.Key, entry.IsBinary ? GrpcProtocol.EncodeBinaryHeader(entry.ValueBytes) : entry.Value);
        }
    }

    private static bool IsProtocolHeader(string key) =>
        key.StartsWith(':') ||
        key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("content-type", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("te", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("host", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("content-length", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase);
}
