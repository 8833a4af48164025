using Greentic.Rpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Greentic.Rpc.Server.Internal;

/// <summary>Custom metadata to and from ASP.NET Core header dictionaries.</summary>
internal static class MetadataHeaders
{
    /// <summary>The request's custom metadata (see <see cref="WireMetadata"/> for what is left out and how values are read).</summary>
    public static Metadata FromRequest(IHeaderDictionary headers, ILogger logger)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (WireMetadata.IsReserved(header.Key)) continue;
            foreach (var value in header.Value)
                if (value is not null && !WireMetadata.Add(metadata, header.Key, value))
                    ServerLog.InvalidBinaryHeader(logger, header.Key);
        }
        return metadata;
    }

    public static void AppendTo(IHeaderDictionary destination, Metadata metadata)
    {
        foreach (var entry in metadata)
            if (entry.Key != GrpcProtocol.CompressionRequestAlgorithmHeader)
                destination.Append(entry.Key, WireMetadata.Encode(entry));
    }
}
