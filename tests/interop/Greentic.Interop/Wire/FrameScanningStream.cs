namespace Greentic.Interop.Wire;

/// <summary>
/// A read-only pass-through that follows the gRPC message framing (1-byte compressed flag, 4-byte length,
/// body) of the bytes read through it and reports each message's compressed flag as its prefix goes by.
/// </summary>
public sealed class FrameScanningStream(Stream inner, Action<bool> onMessage) : Stream
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
