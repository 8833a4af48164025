using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Greentic.Rpc.Compression;
using Greentic.Rpc.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Greentic.Rpc.Server.Internal;

/// <summary>
/// The server side of one call, over its <see cref="HttpContext"/>. Owns the call's status and trailers and
/// ends the response: in the trailing HEADERS frame when anything was sent, or — "Trailers-Only" — in the
/// response HEADERS frame itself when nothing was.
/// </summary>
internal sealed partial class HttpContextServerCallContext : ServerCallContext
{
    private static readonly StringValues ContentTypeValue = new(GrpcProtocol.ContentType);

    private readonly HttpContext _httpContext;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private string? _peer;
    private Status _status;

    public HttpContextServerCallContext(HttpContext httpContext, ServerMethodOptions options, ILogger logger)
    {
        _httpContext = httpContext;
        Options = options;
        Logger = logger;
    }

    internal HttpContext HttpContext => _httpContext;
    internal ServerMethodOptions Options { get; }
    internal ILogger Logger { get; }
    internal ServerCallDeadline? DeadlineManager { get; private set; }

    /// <summary>The request's <c>grpc-encoding</c>, needed only when a compressed message arrives.</summary>
    internal string? RequestEncoding { get; private set; }

    /// <summary>How responses are compressed; null for identity.</summary>
    internal ICompressionProvider? ResponseCompression { get; private set; }

    public override string Method => _httpContext.Request.Path.Value!;
    public override string Host => _httpContext.Request.Host.Value ?? "";
    public override string Peer => _peer ??= FormatPeer(_httpContext.Connection);
    public override DateTime Deadline => DeadlineManager?.Deadline ?? DateTime.MaxValue;
    public override Metadata RequestHeaders => _requestHeaders ??= MetadataHeaders.FromRequest(_httpContext.Request.Headers, Logger);
    public override CancellationToken CancellationToken => DeadlineManager?.Token ?? _httpContext.RequestAborted;
    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();
    public override Status Status { get => _status; set => _status = value; }
    public override X509Certificate2? ClientCertificate => _httpContext.Connection.ClientCertificate;
    public override IDictionary<object, object?> UserState => _httpContext.Items;
    public override HttpContext GetHttpContext() => _httpContext;

    /// <summary>Reads the call's headers: deadline, request encoding, and whether to compress the response.</summary>
    internal void Initialize()
    {
        var requestHeaders = _httpContext.Request.Headers;
        var responseHeaders = _httpContext.Response.Headers;
        responseHeaders.ContentType = ContentTypeValue;
        responseHeaders[GrpcProtocol.MessageAcceptEncodingHeader] = Options.AcceptEncodingHeaderValue;

        if (requestHeaders.TryGetValue(GrpcProtocol.TimeoutHeader, out var timeoutValue))
        {
            // A malformed grpc-timeout is ignored (the call runs without a deadline), as grpc-dotnet does.
            if (timeoutValue.Count == 1 && GrpcProtocol.TryParseTimeout(timeoutValue[0], out var timeout) && timeout > TimeSpan.Zero)
                DeadlineManager = new ServerCallDeadline(this, timeout, _httpContext.RequestAborted);
            else
                ServerLog.InvalidTimeoutIgnored(Logger, timeoutValue.ToString());
        }

        if (requestHeaders.TryGetValue(GrpcProtocol.MessageEncodingHeader, out var encoding))
            RequestEncoding = encoding.ToString();

        if (Options.ResponseCompression is { } compression &&
            requestHeaders.TryGetValue(GrpcProtocol.MessageAcceptEncodingHeader, out var accepted) &&
            GrpcProtocol.ContainsToken(accepted.ToString(), compression.EncodingName))
        {
            ResponseCompression = compression;
            responseHeaders[GrpcProtocol.MessageEncodingHeader] = compression.EncodingName;
        }
    }

    public override Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        var response = _httpContext.Response;
        if (response.HasStarted) throw new InvalidOperationException("Response headers can only be sent once per call.");
        foreach (var entry in responseHeaders)
        {
            if (entry.Key == GrpcProtocol.CompressionRequestAlgorithmHeader)
            {
                // The handler chooses this call's response compression; the header itself is not sent.
                SetResponseCompression(entry.Value);
                continue;
            }
            response.Headers.Append(entry.Key, WireMetadata.Encode(entry));
        }
        return response.BodyWriter.FlushAsync().AsTask();
    }

    private void SetResponseCompression(string encoding)
    {
        if (string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            ResponseCompression = null;
            _httpContext.Response.Headers.Remove(GrpcProtocol.MessageEncodingHeader);
            return;
        }
        if (!Options.CompressionProviders.TryGetValue(encoding, out var provider))
            throw new InvalidOperationException($"The compression algorithm '{encoding}' has no provider (have: {Options.SupportedEncodings}).");
        ResponseCompression = provider;
        _httpContext.Response.Headers[GrpcProtocol.MessageEncodingHeader] = provider.EncodingName;
    }

    /// <summary>Ends the call normally: writes the status the handler left (OK unless it set another).</summary>
    internal Task EndCallAsync()
    {
        if (DeadlineManager is null)
        {
            WriteStatus(includeTrailers: true);
            return Task.CompletedTask;
        }
        return EndCallUnderDeadlineAsync();
    }

    private async Task EndCallUnderDeadlineAsync()
    {
        var deadline = DeadlineManager!;
        await deadline.Lock.WaitAsync().ConfigureAwait(false);
        try
        {
            // If the deadline already ended the response, the client has its DEADLINE_EXCEEDED: leave it.
            if (!deadline.CallComplete)
            {
                deadline.CallComplete = true;
                WriteStatus(includeTrailers: true);
            }
        }
        finally
        {
            deadline.Lock.Release();
            deadline.Dispose();
        }
    }

    /// <summary>Ends the call with the status an exception stands for.</summary>
    internal Task ProcessHandlerErrorAsync(Exception exception)
    {
        SetStatusFromException(exception);
        return EndCallAsync();
    }

    private void SetStatusFromException(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            ServerLog.RpcError(Logger, Method, rpc.StatusCode, rpc.Status.Detail);
            // Trailers set on the context and those carried by the exception both go out (metadata allows duplicates).
            if (rpc.Trailers.Count > 0)
                foreach (var entry in rpc.Trailers) ResponseTrailers.Add(entry);
            _status = rpc.Status;
        }
        else if (_httpContext.RequestAborted.IsCancellationRequested || DeadlineManager?.CallComplete == true)
        {
            // The client reset the stream (or the deadline ended the call): nobody will read this status.
            ServerLog.CallCancelledByClient(Logger, Method);
            _status = new Status(StatusCode.Cancelled, "Call canceled by the client.");
        }
        else
        {
            ServerLog.ErrorExecutingServiceMethod(Logger, Method, exception);
            _status = new Status(StatusCode.Unknown, Options.EnableDetailedErrors
                ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                : "Exception was thrown by handler.");
        }
    }

    /// <summary>
    /// Puts <c>grpc-status</c>, <c>grpc-message</c>, <c>grpc-status-details-bin</c> and the custom trailers in the
    /// trailers — or, when no message or header has been sent yet, in the response headers (Trailers-Only).
    /// </summary>
    private void WriteStatus(bool includeTrailers)
    {
        var destination = GetTrailersDestination(_httpContext.Response);
        destination[GrpcProtocol.StatusTrailer] = GrpcProtocol.StatusToString(_status.StatusCode);
        if (!string.IsNullOrEmpty(_status.Detail))
            destination[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(_status.Detail);
        if (!_status.DetailsBinary.IsEmpty)
            destination[GrpcProtocol.StatusDetailsTrailer] = GrpcProtocol.EncodeBinaryHeader(_status.DetailsBinary.Span);
        if (includeTrailers && _responseTrailers is { Count: > 0 } trailers)
            MetadataHeaders.AppendTo(destination, trailers);
    }

    private static IHeaderDictionary GetTrailersDestination(HttpResponse response)
    {
        if (!response.HasStarted)
            // Nothing sent yet: "Trailers-Only". The status travels in the only HEADERS frame, with END_STREAM.
            return response.Headers;
        var trailers = response.HttpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is null || trailers.IsReadOnly)
            throw new InvalidOperationException("Trailers are not supported for this response. The server may not support gRPC.");
        return trailers;
    }

    /// <summary>
    /// Called by <see cref="ServerCallDeadline"/> under its lock: sends DEADLINE_EXCEEDED, completes the response,
    /// and resets the stream with NO_ERROR so the request side stops too.
    /// </summary>
    internal async Task DeadlineExceededAsync(TimeSpan timeout)
    {
        try
        {
            ServerLog.DeadlineExceeded(Logger, timeout);
            _status = new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded");
            WriteStatus(includeTrailers: false);
            var body = _httpContext.Features.Get<IHttpResponseBodyFeature>();
            if (body is not null) await body.CompleteAsync().ConfigureAwait(false);
            var reset = _httpContext.Features.Get<IHttpResetFeature>();
            if (reset is not null) reset.Reset(0 /* NO_ERROR */);
            else _httpContext.Abort();
        }
        catch (Exception ex)
        {
            ServerLog.DeadlineCancellationError(Logger, ex);
        }
    }

    private static string FormatPeer(ConnectionInfo connection)
    {
        // grpc/doc/naming.md forms: ipv4:host:port, ipv6:[host]:port, unix:path.
        var address = connection.RemoteIpAddress;
        if (address is null) return "unix:";
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? $"ipv6:[{address}]:{connection.RemotePort}"
            : $"ipv4:{address}:{connection.RemotePort}";
    }
}
