using System.Collections.Concurrent;
using System.Net;

namespace Greentic.Interop.Client;

/// <summary>
/// Sits under the channel and records, for every gRPC message a response carries, whether its
/// compressed flag (the first byte of the 5-byte message prefix) was set — what the
/// server_compressed_* cases must see on the wire and no client API reports.
/// </summary>
public sealed class MessageFlagRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<bool> _flags = new();
    private readonly string? _authority;

    /// <param name="authority">When set, replaces the host of every request URI: the inner handler must dial the real host.</param>
    public MessageFlagRecorder(HttpMessageHandler inner, string? authority) : base(inner) => _authority = authority;

    /// <summary>Takes the flags recorded since the last call, in arrival order.</summary>
    public IReadOnlyList<bool> TakeFlags()
    {
        var taken = new List<bool>();
        while (_flags.TryDequeue(out var flag)) taken.Add(flag);
        return taken;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_authority is not null && request.RequestUri is { } uri)
            request.RequestUri = new UriBuilder(uri) { Host = _authority }.Uri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var inner = response.Content;
        var body = await inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var wrapped = new StreamContent(new FrameScanningStream(body, _flags.Enqueue));
        foreach (var header in inner.Headers) wrapped.Headers.TryAddWithoutValidation(header.Key, header.Value);
        // The response object is kept, so trailers the inner handler fills in still reach the channel.
        response.Content = wrapped;
        return response;
    }

    /// <summary>A read-only pass-through that follows the message framing of the bytes read through it.</summary>
    private sealed class FrameScanningStream(Stream inner, Action<bool> onMessage) : Stream
    {
        private int _prefixRead;         // bytes of the current 5-byte prefix seen so far
        private readonly byte[] _prefix = new byte[5];
        private long _bodyRemaining;     // bytes of the current message body still to pass

        public override int Read(byte[] buffer, int offset, int count) => Scan(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Scan(buffer.Span[..n]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Scan(ReadOnlySpan<byte> data)
        {
            var n = data.Length;
            while (!data.IsEmpty)
            {
                if (_bodyRemaining > 0)
                {
                    var skip = (int)Math.Min(_bodyRemaining, data.Length);
                    _bodyRemaining -= skip;
                    data = data[skip..];
                    continue;
                }
                _prefix[_prefixRead++] = data[0];
                data = data[1..];
                if (_prefixRead == 5)
                {
                    _prefixRead = 0;
                    onMessage(_prefix[0] == 1);
                    _bodyRemaining = (uint)(_prefix[1] << 24 | _prefix[2] << 16 | _prefix[3] << 8 | _prefix[4]);
                }
            }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
