using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Greentic.Rpc.Benchmarks;

/// <summary>
/// An HTTP/2 request as the endpoint sees it, with no sockets: a prepared request body and a response
/// buffer, reused call after call the way Kestrel reuses its per-stream objects.
/// </summary>
internal sealed class InProcessHttpContext : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpResponseTrailersFeature, IRequestBodyPipeFeature
{
    private readonly ReplayPipeReader _body;
    private readonly BufferPipeWriter _output = new(64 * 1024);

    public InProcessHttpContext(IServiceProvider services, string path, byte[] requestBody)
    {
        _body = new ReplayPipeReader(requestBody);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = "HTTP/2",
            Method = "POST",
            Scheme = "http",
            Path = path,
            Headers = new HeaderDictionary { ["content-type"] = "application/grpc", ["te"] = "trailers" },
        });
        features.Set<IRequestBodyPipeFeature>(this);
        features.Set<IHttpResponseFeature>(this);
        features.Set<IHttpResponseBodyFeature>(this);
        features.Set<IHttpResponseTrailersFeature>(this);
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = services });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());
        features.Set<IItemsFeature>(new ItemsFeature());
        HttpContext = new DefaultHttpContext(features);
    }

    public HttpContext HttpContext { get; }
    public ReadOnlySpan<byte> Output => _output.Written;

    /// <summary>Back to a fresh request: body unread, nothing written, no headers or trailers.</summary>
    public void Reset()
    {
        _body.Reset();
        _output.Reset();
        Headers.Clear();
        Trailers.Clear();
        HasStarted = false;
        StatusCode = 200;
    }

    // IRequestBodyPipeFeature
    public PipeReader Reader => _body;

    // IHttpResponseFeature
    public int StatusCode { get; set; } = 200;
    public string? ReasonPhrase { get; set; }
    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();
    public Stream Body { get; set; } = Stream.Null;
    public bool HasStarted { get; private set; }
    public void OnStarting(Func<object, Task> callback, object state) { }
    public void OnCompleted(Func<object, Task> callback, object state) { }

    // IHttpResponseTrailersFeature
    public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();

    // IHttpResponseBodyFeature
    public Stream Stream => Stream.Null;
    public PipeWriter Writer => _output;
    public void DisableBuffering() { }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        HasStarted = true;
        return Task.CompletedTask;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task CompleteAsync() => Task.CompletedTask;

    /// <summary>Hands out the whole body at once, completed, as Kestrel does when END_STREAM came with the DATA.</summary>
    private sealed class ReplayPipeReader(byte[] data) : PipeReader
    {
        private ReadOnlySequence<byte> _remaining = new(data);

        public void Reset() => _remaining = new ReadOnlySequence<byte>(data);
        public override void AdvanceTo(SequencePosition consumed) => _remaining = _remaining.Slice(consumed);
        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _remaining = _remaining.Slice(consumed);
        public override void CancelPendingRead() { }
        public override void Complete(Exception? exception = null) { }
        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => new(new ReadResult(_remaining, false, true));

        public override bool TryRead(out ReadResult result)
        {
            result = new ReadResult(_remaining, false, true);
            return true;
        }
    }

    private sealed class BufferPipeWriter(int capacity) : PipeWriter
    {
        private readonly byte[] _buffer = new byte[capacity];
        private int _written;

        public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _written);
        public void Reset() => _written = 0;
        public override void Advance(int bytes) => _written += bytes;
        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(_written);
        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(_written);
        public override void CancelPendingFlush() { }
        public override void Complete(Exception? exception = null) { }
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => new(new FlushResult(false, false));
    }
}
