using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Greentic.Gateway.Proxy;

/// <summary>
/// Where a gRPC response body stands in its framing: each message is a 5-byte prefix (compressed flag, big-endian
/// length) and that many bytes. Trailers may only follow a whole message, so this is what decides whether a response a
/// replica broke off can still be ended with a status.
/// </summary>
internal sealed class GrpcMessageFraming
{
    private int _prefixBytes;
    private uint _length;
    private long _remaining;

    /// <summary>Nothing of a message is pending: the bytes so far are whole messages.</summary>
    public bool AtMessageBoundary => _prefixBytes == 0 && _remaining == 0;

    /// <summary>Whole messages passed so far.</summary>
    public long Messages { get; private set; }

    public void Advance(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_remaining > 0)
            {
                var take = (int)Math.Min(_remaining, data.Length);
                _remaining -= take;
                data = data[take..];
                if (_remaining == 0) Messages++;
                continue;
            }
            // A prefix byte: the flag first, then the length, most significant byte first.
            if (_prefixBytes > 0) _length = (_length << 8) | data[0];
            data = data[1..];
            if (++_prefixBytes < 5) continue;
            _prefixBytes = 0;
            _remaining = _length;
            _length = 0;
            if (_remaining == 0) Messages++;
        }
    }
}

/// <summary>
/// The response body of a proxied gRPC call, unchanged on the way to the client but followed through <see cref="Framing"/>.
/// Every write goes through one <see cref="PipeWriter"/> over the server's (YARP writes to <see cref="Stream"/>, a view of it),
/// so nothing is buffered here and no byte escapes the count.
/// </summary>
internal sealed class GrpcFramedResponseBody : IHttpResponseBodyFeature
{
    private readonly IHttpResponseBodyFeature _inner;
    private readonly FramedPipeWriter _writer;
    private readonly Stream _stream;

    public GrpcFramedResponseBody(IHttpResponseBodyFeature inner)
    {
        _inner = inner;
        _writer = new FramedPipeWriter(inner.Writer, Framing);
        _stream = _writer.AsStream(leaveOpen: true);
    }

    public GrpcMessageFraming Framing { get; } = new();

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer;

    public void DisableBuffering() => _inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => _inner.StartAsync(cancellationToken);

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);

    public Task CompleteAsync() => _inner.CompleteAsync();

    /// <summary>Hands out the server's own buffers and counts what is committed to them.</summary>
    private sealed class FramedPipeWriter(PipeWriter inner, GrpcMessageFraming framing) : PipeWriter
    {
        private Memory<byte> _last;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _last = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => (_last = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            framing.Advance(_last.Span[..bytes]);
            _last = _last[bytes..];
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
