using System.IO.Pipelines;
using System.Net;
using Greentic.Rpc.Compression;
using Greentic.Rpc.Internal;

namespace Greentic.Rpc.Client.Internal;

/// <summary>
/// One client call: builds the HTTP/2 request, enforces the deadline and cancellation, reads the response
/// messages, and settles the final status and trailers. Every call shape uses it.
/// </summary>
/// <remarks>
/// Steps: (1) deadline and cancellation are wired to one token; (2) the request is sent with the call
/// headers (te, content-type, grpc-timeout, grpc-encoding, grpc-accept-encoding, custom metadata);
/// (3) the response headers are checked — HTTP status, content-type, and Trailers-Only (grpc-status already
/// in the headers); (4) messages are read from the body; (5) the status comes from the trailers.
/// Any failure on the way becomes a status too (DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE, INTERNAL…).
/// </remarks>
internal sealed partial class RpcCall<TRequest, TResponse> : ICallState
{
    private const string UserAgent = "grpc-dotnet-greentic/1.0";

    private readonly RpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lock = new();
    private CancellationTokenRegistration _userCancellation;
    private Timer? _deadlineTimer;
    private volatile bool _deadlineExceeded;
    private Task<HttpResponseMessage>? _sendTask;
    private Task<bool>? _headersTask;
    private HttpResponseMessage? _response;
    private PipeReader? _responseReader;
    private string? _responseEncoding;
    private ICompressionProvider? _requestCompression;
    private PushStreamContent? _pushContent;
    private Status? _status;
    private Metadata? _trailers;

    public RpcCall(RpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
    }

    internal RpcChannel Channel => _channel;
    internal Method<TRequest, TResponse> Method => _method;
    internal CancellationToken CallToken => _cts.Token;
    internal bool IsComplete => _status is not null;

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    public Status GetStatus() => _status ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers() => _trailers ?? throw new InvalidOperationException("Can't get the call trailers because the call has not completed.");

    /// <summary>Sends a request whose body is one message (unary, server streaming).</summary>
    internal void StartWithMessage(TRequest request)
    {
        if (!Prepare(out var timeout)) return;
        byte[] framed;
        try
        {
            framed = MessageFraming.FrameToArray(request, _method.RequestMarshaller, _channel.MaxSendMessageSize,
                _requestCompression, _channel.Options.RequestCompressionLevel);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return;
        }
        Send(new FramedMessageContent(framed), timeout);
    }

    /// <summary>Sends a request whose body stays open for the writer (client streaming, duplex).</summary>
    internal ClientRequestStreamWriter<TRequest, TResponse> StartStreaming()
    {
        _pushContent = new PushStreamContent();
        var writer = new ClientRequestStreamWriter<TRequest, TResponse>(this, _pushContent);
        if (Prepare(out var timeout)) Send(_pushContent, timeout);
        return writer;
    }

    internal ICompressionProvider? RequestCompression => _requestCompression;

    /// <summary>Wires cancellation and the deadline; false (and the call failed) when the deadline has already passed.</summary>
    private bool Prepare(out TimeSpan? timeout)
    {
        timeout = null;
        try
        {
            _requestCompression = ResolveRequestCompression();
        }
        catch (Exception ex)
        {
            Fail(ex);
            return false;
        }

        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
            var remaining = utc - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                // Already late: nothing is sent, as in other gRPC clients.
                _deadlineExceeded = true;
                Complete(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata());
                return false;
            }
            timeout = remaining;
            var due = remaining > TimeSpan.FromMilliseconds(uint.MaxValue - 1) ? TimeSpan.FromMilliseconds(uint.MaxValue - 1) : remaining;
            _deadlineTimer = new Timer(static s => ((RpcCall<TRequest, TResponse>)s!).OnDeadline(), this, due, Timeout.InfiniteTimeSpan);
        }
        if (_options.CancellationToken.CanBeCanceled)
            _userCancellation = _options.CancellationToken.UnsafeRegister(static s => ((RpcCall<TRequest, TResponse>)s!).CancelCall(), this);
        return true;
    }

    private ICompressionProvider? ResolveRequestCompression()
    {
        var name = _options.RequestCompression ?? _options.Headers?.GetValue(GrpcProtocol.CompressionRequestAlgorithmHeader);
        if (name is null || string.Equals(name, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase)) return null;
        if (!_channel.CompressionProviders.TryGetValue(name, out var provider))
            throw new RpcException(new Status(StatusCode.Internal, $"Could not find compression provider for '{name}'."));
        return provider;
    }

    private void Send(HttpContent content, TimeSpan? timeout)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation("te", GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation("user-agent", UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.MessageAcceptEncodingHeader, _channel.AcceptEncoding);
        if (timeout is { } t) headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcProtocol.FormatTimeout(t));
        if (_requestCompression is not null) headers.TryAddWithoutValidation(GrpcProtocol.MessageEncodingHeader, _requestCompression.EncodingName);
        if (_channel.Options.Authority is { } authority) headers.Host = authority;
        if (_options.Headers is { Count: > 0 } metadata)
        {
            foreach (var entry in metadata)
            {
                if (entry.Key == GrpcProtocol.CompressionRequestAlgorithmHeader) continue;
                headers.TryAddWithoutValidation(entry.Key, WireMetadata.Encode(entry));
            }
        }
        try
        {
            _sendTask = _channel.Invoker.SendAsync(request, _cts.Token);
        }
        catch (Exception ex)
        {
            _sendTask = Task.FromException<HttpResponseMessage>(ex);
        }
        // Headers are taken as soon as they arrive, so ResponseHeadersAsync completes without anyone reading messages.
        _headersTask = ReceiveHeadersGuardedAsync();
    }

    /// <summary>
    /// True once the response headers are in and messages follow; false when the call has ended (Trailers-Only,
    /// an HTTP error, a failure, or it was never sent) — its status then says how.
    /// </summary>
    internal Task<bool> HeadersReceived => _headersTask ?? Task.FromResult(false);

    private async Task<bool> ReceiveHeadersGuardedAsync()
    {
        try
        {
            return await ReceiveHeadersAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
            return false;
        }
    }

    private void OnDeadline()
    {
        ClientLog.DeadlineExceeded(_channel.Logger, _method.FullName);
        _deadlineExceeded = true;
        CancelCall();
    }

    private void CancelCall()
    {
        try { _cts.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Ends the call with <paramref name="status"/>; the first end wins. Releases the request and response.</summary>
    internal void Complete(Status status, Metadata trailers)
    {
        lock (_lock)
        {
            if (_status is not null) return;
            _trailers = trailers;
            _status = status;
        }
        _responseHeaders.TrySetException(new RpcException(status, trailers));
        _ = _responseHeaders.Task.Exception; // observed: a caller that never asked for headers is not an error
        _deadlineTimer?.Dispose();
        _userCancellation.Dispose();
        _pushContent?.Abort(new RpcException(status, trailers));
        if (status.StatusCode != StatusCode.OK)
        {
            ClientLog.CallFailed(_channel.Logger, _method.FullName, status.StatusCode, status.Detail);
            // Resets the stream (RST_STREAM CANCEL) if the server is still sending.
            CancelCall();
        }
        _response?.Dispose();
    }

    /// <summary>Ends the call for an exception and returns the <see cref="RpcException"/> the caller should see.</summary>
    internal RpcException Fail(Exception exception)
    {
        var status = StatusFromException(exception);
        Complete(status, exception is RpcException rpc ? rpc.Trailers : new Metadata());
        // If another path completed first, report what the call actually ended with.
        return new RpcException(_status!.Value, _trailers!);
    }

    private Status StatusFromException(Exception exception)
    {
        if (_deadlineExceeded) return new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        if (exception is RpcException rpc) return rpc.Status;
        if (_cts.IsCancellationRequested) return new Status(StatusCode.Cancelled, "Call canceled by the client.");
        for (var inner = exception; inner is not null; inner = inner.InnerException)
            if (inner is HttpProtocolException protocol)
                return new Status(ClientStatus.FromHttp2ErrorCode(protocol.ErrorCode), $"Error reading the response: {protocol.Message}");
        return _response is null
            ? new Status(StatusCode.Unavailable, $"Error starting gRPC call. {exception.GetType().Name}: {exception.Message}")
            : new Status(StatusCode.Unavailable, $"Error reading the response. {exception.GetType().Name}: {exception.Message}");
    }

    public void Dispose()
    {
        if (_status is null) Complete(new Status(StatusCode.Cancelled, "gRPC call disposed."), new Metadata());
        _cts.Dispose();
    }
}
