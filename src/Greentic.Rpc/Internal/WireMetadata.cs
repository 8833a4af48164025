using Greentic.Rpc.Compression;

namespace Greentic.Rpc.Internal;

/// <summary>Custom metadata as it travels in HTTP/2 header fields, and the encodings a side supports; shared by server and client.</summary>
internal static class WireMetadata
{
    /// <summary>
    /// Header fields that are not custom metadata: pseudo-headers, the reserved <c>grpc-*</c> ones, and the HTTP
    /// fields the protocol itself uses.
    /// </summary>
    public static bool IsReserved(string key) =>
        key.StartsWith(':') ||
        key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("content-type", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("content-length", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("te", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("host", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("accept-encoding", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("date", StringComparison.OrdinalIgnoreCase) ||
        key.Equals("server", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Adds one received field value. <c>-bin</c> values are base64, padded or not; a value HTTP folded from several
    /// fields (comma-joined) gives one entry per part. Returns false when a binary value was not valid base64 (skipped).
    /// </summary>
    public static bool Add(Metadata metadata, string key, string value)
    {
        if (!Metadata.IsBinaryKey(key))
        {
            metadata.Add(new Metadata.Entry(key, value, null, fromWire: true));
            return true;
        }
        var valid = true;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (GrpcProtocol.TryDecodeBinaryHeader(part, out var bytes)) metadata.Add(new Metadata.Entry(key, null, bytes, fromWire: true));
            else valid = false;
        }
        return valid;
    }

    /// <summary>The header value of an entry to send: base64 without padding for binary ones.</summary>
    public static string Encode(Metadata.Entry entry) => entry.IsBinary ? GrpcProtocol.EncodeBinaryHeader(entry.ValueBytes) : entry.Value;

    /// <summary>Indexes compression providers by name (first wins) and gives the <c>grpc-accept-encoding</c> value, identity first.</summary>
    public static IReadOnlyDictionary<string, ICompressionProvider> IndexProviders(IEnumerable<ICompressionProvider> providers, out string acceptEncoding)
    {
        var index = new Dictionary<string, ICompressionProvider>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string> { GrpcProtocol.IdentityEncoding };
        foreach (var provider in providers)
            if (index.TryAdd(provider.EncodingName, provider)) names.Add(provider.EncodingName);
        acceptEncoding = string.Join(",", names);
        return index;
    }
}
