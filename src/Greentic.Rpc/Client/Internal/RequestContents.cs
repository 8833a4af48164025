using System.Net;
using Greentic.Rpc.Internal;

namespace Greentic.Rpc.Client.Internal;

/// <summary>
/// The body of a unary or server-streaming request: one framed message. Its length is not announced
/// (no content-length), as other gRPC clients do.
/// </summary>
internal sealed class FramedMessageContent : HttpContent
{
    private readonly byte[] _framed;

    public FramedMessageContent(byte[] framed)
    {
        _framed = framed;
        Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_framed, cancellationToken).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

/// <summary>
/// The body of a client-streaming or duplex request: the handler gives us the request stream when it starts
/// sending the body, and the body ends (END_STREAM) when the writer completes. Over HTTP/2 the response can
/// arrive while this is still open.
/// </summary>
internal sealed class PushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PushStreamContent() => Headers.TryAddWithoutValidation("content-type", GrpcProtocol.ContentType);

    /// <summary>The request stream, once the handler has started sending the body.</summary>
    public Task<Stream> StreamTask => _stream.Task;

    /// <summary>Ends the request body.</summary>
    public void Complete() => _complete.TrySetResult();

    /// <summary>Gives up on the body: pending and later writes fail.</summary>
    public void Abort(Exception exception)
    {
        _stream.TrySetException(exception);
        _complete.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, default);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        using (cancellationToken.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetResult(), _complete))
            await _complete.Task.ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
