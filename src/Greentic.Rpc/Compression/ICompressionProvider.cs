using System.IO.Compression;

namespace Greentic.Rpc.Compression;

/// <summary>
/// A message compression algorithm, named as in <c>grpc-encoding</c> / <c>grpc-accept-encoding</c>.
/// "identity" (no compression) is built in and needs no provider.
/// </summary>
public interface ICompressionProvider
{
    /// <summary>The content-coding token, e.g. <c>gzip</c>.</summary>
    string EncodingName { get; }

    Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel);

    Stream CreateDecompressionStream(Stream stream);
}

/// <summary><c>gzip</c> (RFC 1952).</summary>
public sealed class GzipCompressionProvider(CompressionLevel defaultCompressionLevel = CompressionLevel.Fastest) : ICompressionProvider
{
    public string EncodingName => "gzip";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new GZipStream(stream, compressionLevel ?? defaultCompressionLevel, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) => new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
}

/// <summary>
/// <c>deflate</c>. In gRPC (as in HTTP) this is the zlib format of RFC 1950 — deflate data inside a zlib
/// header and Adler-32 trailer — which is what C core and grpc-js send, not raw RFC 1951 deflate.
/// </summary>
public sealed class DeflateCompressionProvider(CompressionLevel defaultCompressionLevel = CompressionLevel.Fastest) : ICompressionProvider
{
    public string EncodingName => "deflate";

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        new ZLibStream(stream, compressionLevel ?? defaultCompressionLevel, leaveOpen: true);

    public Stream CreateDecompressionStream(Stream stream) => new ZLibStream(stream, CompressionMode.Decompress, leaveOpen: true);
}
