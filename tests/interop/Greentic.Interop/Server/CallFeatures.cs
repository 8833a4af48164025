using Google.Protobuf;
using Greentic.Rpc;
using Grpc.Testing;

namespace Greentic.Interop.Server;

/// <summary>The server features the interop cases name: Echo Metadata, Echo Status, Compressed Request/Response.</summary>
internal static class CallFeatures
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public static Payload Zeros(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    /// <summary>
    /// Echo Metadata: sends x-grpc-test-echo-initial back in the response headers (with the call's
    /// response compression choice, when the request made one) and queues x-grpc-test-echo-trailing-bin as a trailer.
    /// </summary>
    public static async Task EchoMetadataAsync(ServerCallContext context, bool? responseCompressed = null)
    {
        var headers = new Metadata();
        if (context.RequestHeaders.Get(EchoInitialKey) is { } initial) headers.Add(initial);
        if (responseCompressed is { } compress)
            headers.Add(Metadata.CompressionRequestAlgorithmKey, compress ? "gzip" : "identity");
        if (headers.Count > 0) await context.WriteResponseHeadersAsync(headers);
        if (context.RequestHeaders.Get(EchoTrailingKey) is { } trailing) context.ResponseTrailers.Add(trailing);
    }

    /// <summary>Echo Status: a non-zero response_status ends the call with that code and message.</summary>
    public static void ThrowIfEchoStatus(EchoStatus? status)
    {
        if (status is { Code: not 0 })
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
    }

    /// <summary>
    /// Compressed Request: expect_compressed=true fails the call with INVALID_ARGUMENT unless this request message
    /// arrived compressed. Call it once for every request message of the call, in order: it takes that message's
    /// compressed flag as <see cref="RequestFlagsMiddleware"/> saw it on the wire.
    /// </summary>
    public static void CheckExpectCompressed(BoolValue? expectCompressed, ServerCallContext context)
    {
        var compressed = RequestFlagsMiddleware.TakeNextFlag(context.GetHttpContext())
            ?? throw new RpcException(new Status(StatusCode.Internal, "The request message's compressed flag was not observed."));
        if (expectCompressed?.Value == true && !compressed)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Expected a compressed request message, got an uncompressed one."));
    }
}
