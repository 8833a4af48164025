using System.IO.Compression;
using Greentic.Rpc.Compression;
using Greentic.Rpc.Internal;
using Microsoft.Extensions.Primitives;

namespace Greentic.Rpc.Server.Internal;

/// <summary>The options of one service, resolved once at startup into what the hot path needs.</summary>
internal sealed class ServerMethodOptions
{
    public ServerMethodOptions(RpcServiceOptions options, InterceptorActivator[] interceptors)
    {
        MaxReceiveMessageSize = options.MaxReceiveMessageSize ?? int.MaxValue;
        MaxSendMessageSize = options.MaxSendMessageSize ?? int.MaxValue;
        EnableDetailedErrors = options.EnableDetailedErrors;
        ResponseCompressionLevel = options.ResponseCompressionLevel;
        var providers = WireMetadata.IndexProviders(options.CompressionProviders, out var supported);
        CompressionProviders = providers;
        SupportedEncodings = supported;
        AcceptEncodingHeaderValue = new StringValues(SupportedEncodings);
        var algorithm = options.ResponseCompressionAlgorithm;
        if (algorithm is not null && !string.Equals(algorithm, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            if (!providers.TryGetValue(algorithm, out var provider))
                throw new InvalidOperationException($"The response compression algorithm '{algorithm}' has no provider in {nameof(RpcServiceOptions.CompressionProviders)} (have: {SupportedEncodings}).");
            ResponseCompression = provider;
        }
        Interceptors = interceptors;
    }

    public int MaxReceiveMessageSize { get; }
    public int MaxSendMessageSize { get; }
    public bool EnableDetailedErrors { get; }
    public ICompressionProvider? ResponseCompression { get; }
    public CompressionLevel? ResponseCompressionLevel { get; }
    public IReadOnlyDictionary<string, ICompressionProvider> CompressionProviders { get; }

    /// <summary>"identity,gzip,deflate": sent as <c>grpc-accept-encoding</c> on every response.</summary>
    public string SupportedEncodings { get; }
    public StringValues AcceptEncodingHeaderValue { get; }
    public InterceptorActivator[] Interceptors { get; }

    /// <summary>
    /// A message compressed in an encoding the server lacks MUST fail with UNIMPLEMENTED naming the ones it has
    /// (grpc/doc/compression.md); <c>grpc-accept-encoding</c> on the response lists them too.
    /// </summary>
    public Status UnsupportedEncoding(string encoding) =>
        new(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {SupportedEncodings}");
}
