namespace Greentic.Rpc.Client.Internal;

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientResponseStreamReader<TRequest, TResponse>(RpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
{
    private bool _headersReceived;

    public TResponse Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (call.IsComplete) return EndOfStream();
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(call.CallToken, cancellationToken)
            : null;
        try
        {
            if (!_headersReceived)
            {
                _headersReceived = true;
                if (!await call.HeadersReceived.WaitAsync(linked?.Token ?? CancellationToken.None).ConfigureAwait(false)) return EndOfStream();
            }
            var (hasMessage, message) = await call.ReadMessageAsync(linked?.Token ?? call.CallToken).ConfigureAwait(false);
            if (hasMessage)
            {
                Current = message;
                return true;
            }
            call.CompleteFromTrailers();
            return EndOfStream();
        }
        catch (RpcException ex) when (call.IsComplete && ex.Status == call.GetStatus())
        {
            throw;
        }
        catch (Exception ex)
        {
            // Cancelling a read cancels the call, as in grpc-dotnet.
            if (cancellationToken.IsCancellationRequested) call.Complete(new Status(StatusCode.Cancelled, "Call canceled by the client."), new Metadata());
            throw call.Fail(ex);
        }
    }

    private bool EndOfStream()
    {
        Current = default!;
        var status = call.GetStatus();
        if (status.StatusCode != StatusCode.OK) throw call.StatusException();
        return false;
    }
}

/// <summary>The request stream of a client-streaming or duplex call. One write at a time; each is flushed.</summary>
internal sealed class ClientRequestStreamWriter<TRequest, TResponse>(RpcCall<TRequest, TResponse> call, PushStreamContent content) : IClientStreamWriter<TRequest>
{
    private Task _lastWrite = Task.CompletedTask;
    private bool _completed;

    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed) return Task.FromException(new InvalidOperationException("Request stream has already been completed."));
        if (!_lastWrite.IsCompleted) return Task.FromException(new InvalidOperationException("Can't write the message because the previous write is in progress."));
        return _lastWrite = WriteCoreAsync(message, cancellationToken);
    }

    private async Task WriteCoreAsync(TRequest message, CancellationToken cancellationToken)
    {
        ThrowIfCallComplete();
        byte[] framed;
        try
        {
            framed = Greentic.Rpc.Internal.MessageFraming.FrameToArray(message, call.Method.RequestMarshaller, call.Channel.MaxSendMessageSize,
                call.RequestCompression, call.Channel.Options.RequestCompressionLevel);
        }
        catch (Exception ex)
        {
            throw call.Fail(ex);
        }

        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(call.CallToken, cancellationToken)
            : null;
        var token = linked?.Token ?? call.CallToken;
        try
        {
            var stream = await content.StreamTask.WaitAsync(token).ConfigureAwait(false);
            await stream.WriteAsync(framed, token).ConfigureAwait(false);
            await stream.FlushAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ThrowIfCallComplete();
            if (cancellationToken.IsCancellationRequested) call.Complete(new Status(StatusCode.Cancelled, "Call canceled by the client."), new Metadata());
            throw call.Fail(ex);
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        content.Complete();
        return Task.CompletedTask;
    }

    private void ThrowIfCallComplete()
    {
        if (!call.IsComplete) return;
        // The server already ended the call (e.g. with an error while we were still sending): report its status.
        if (call.GetStatus().StatusCode != StatusCode.OK) throw call.StatusException();
        throw new InvalidOperationException("Can't write the message because the call is complete.");
    }
}
