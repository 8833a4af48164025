using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Greentic.Rpc.Internal;

namespace Greentic.Rpc.Client.Internal;

/// <summary>Reading the response: headers, messages, trailers.</summary>
internal sealed partial class RpcCall<TRequest, TResponse>
{
    private static readonly Status NoMessage = new(StatusCode.Internal, "Failed to deserialize response message.");
    private static readonly Status ExtraMessage = new(StatusCode.Internal, "Received more than one response message for a call that expects one.");

    /// <summary>
    /// Waits for the response headers and checks them. False when the call ended there — Trailers-Only, an HTTP
    /// error, or a failure — and true when response messages follow.
    /// </summary>
    private async ValueTask<bool> ReceiveHeadersAsync()
    {
        if (_status is not null || _sendTask is null) return false;
        var response = await _sendTask.ConfigureAwait(false);
        lock (_lock)
        {
            if (_status is not null)
            {
                response.Dispose();
                return false;
            }
            _response = response;
        }

        var headers = ClientStatus.MetadataFrom(response.Headers);
        if (ClientStatus.TryGetStatus(response.Headers, out var status))
        {
            // Trailers-Only: the server sent no message; its status and trailers came in the headers.
            _responseHeaders.TrySetResult(headers);
            Complete(status, headers);
            return false;
        }
        if (response.StatusCode != HttpStatusCode.OK)
            throw new RpcException(new Status(ClientStatus.FromHttpStatus((int)response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}"), headers);
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
            throw new RpcException(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}"), headers);

        _responseHeaders.TrySetResult(headers);
        if (response.Headers.NonValidated.TryGetValues(GrpcProtocol.MessageEncodingHeader, out var encoding))
            _responseEncoding = encoding.ToString();
        var stream = await response.Content.ReadAsStreamAsync(_cts.Token).ConfigureAwait(false);
        _responseReader = PipeReader.Create(stream);
        return true;
    }

    /// <summary>Reads the next response message; false at the end of the body.</summary>
    internal async ValueTask<(bool HasMessage, TResponse Message)> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var reader = _responseReader!;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = false;
            try
            {
                if (MessageFraming.TryReadMessage(ref buffer, _channel.MaxReceiveMessageSize, out var compressed, out var payload))
                {
                    consumed = true;
                    return (true, Deserialize(payload, compressed));
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty) throw new RpcException(MessageFraming.IncompleteMessage);
                    return (false, default!);
                }
            }
            finally
            {
                if (consumed) reader.AdvanceTo(buffer.Start);
                else reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
    }

    private TResponse Deserialize(ReadOnlySequence<byte> payload, bool compressed)
    {
        if (compressed)
            payload = MessageFraming.Decompress(payload, _responseEncoding, _channel.CompressionProviders, _channel.MaxReceiveMessageSize,
                static encoding => new Status(StatusCode.Internal, $"Unsupported grpc-encoding value '{encoding}' in the response."));
        try
        {
            return _method.ResponseMarshaller.Deserialize(payload);
        }
        catch (Exception ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize response message. {ex.Message}"));
        }
    }

    /// <summary>Settles the call from the trailers, once the body has ended.</summary>
    internal Status CompleteFromTrailers()
    {
        var trailing = _response!.TrailingHeaders;
        var trailers = ClientStatus.MetadataFrom(trailing);
        var status = ClientStatus.TryGetStatus(trailing, out var s) ? s : new Status(StatusCode.Unknown, "No grpc-status found on response.");
        Complete(status, trailers);
        return _status!.Value;
    }

    internal RpcException StatusException() => new(_status!.Value, _trailers!);

    /// <summary>An OK status without the one response message a unary result needs is a failure of the call.</summary>
    private RpcException FailOkWithoutMessage()
    {
        lock (_lock) _status = NoMessage;
        return StatusException();
    }

    /// <summary>The response of a unary or client-streaming call: exactly one message, then an OK status.</summary>
    internal async Task<TResponse> ReadSingleResponseAsync()
    {
        try
        {
            if (!await HeadersReceived.ConfigureAwait(false))
            {
                if (_status is null) throw new RpcException(NoMessage);
                throw _status.Value.StatusCode == StatusCode.OK ? FailOkWithoutMessage() : StatusException();
            }
            var (hasMessage, message) = await ReadMessageAsync(_cts.Token).ConfigureAwait(false);
            if (hasMessage && (await ReadMessageAsync(_cts.Token).ConfigureAwait(false)).HasMessage)
                throw new RpcException(ExtraMessage);
            var status = CompleteFromTrailers();
            if (status.StatusCode != StatusCode.OK) throw StatusException();
            if (!hasMessage) throw FailOkWithoutMessage();
            return message;
        }
        catch (RpcException ex) when (_status is not null && ex.Status == _status.Value)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw Fail(ex);
        }
    }

    internal async Task<TResponse> RunUnaryAsync(TRequest request)
    {
        StartWithMessage(request);
        return await ReadSingleResponseAsync().ConfigureAwait(false);
    }
}
