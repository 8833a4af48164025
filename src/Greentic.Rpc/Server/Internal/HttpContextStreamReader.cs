namespace Greentic.Rpc.Server.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class HttpContextStreamReader<TRequest>(HttpContextServerCallContext context, Marshaller<TRequest> marshaller) : IAsyncStreamReader<TRequest>
{
    private bool _completed;

    public TRequest Current { get; private set; } = default!;

    public Task<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        if (_completed) return Task.FromResult(false);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<bool>(cancellationToken);
        return MoveNextCoreAsync(cancellationToken);
    }

    private async Task<bool> MoveNextCoreAsync(CancellationToken cancellationToken)
    {
        var (hasMessage, message) = await context.ReadStreamMessageAsync(marshaller, cancellationToken).ConfigureAwait(false);
        if (!hasMessage)
        {
            _completed = true;
            Current = default!;
            return false;
        }
        Current = message;
        return true;
    }
}

/// <summary>The response stream of a server-streaming or duplex call. One write at a time, each flushed.</summary>
internal sealed class HttpContextStreamWriter<TResponse>(HttpContextServerCallContext context, Marshaller<TResponse> marshaller) : IServerStreamWriter<TResponse>
{
    private Task _lastWrite = Task.CompletedTask;
    private bool _completed;

    public Task WriteAsync(TResponse message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed) return Task.FromException(new InvalidOperationException("Can't write the message because the call is complete."));
        if (!_lastWrite.IsCompleted) return Task.FromException(new InvalidOperationException("Can't write the message because the previous write is in progress."));
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        var write = context.WriteMessageAsync(message, marshaller, flush: true);
        _lastWrite = write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
        return _lastWrite;
    }

    /// <summary>Called when the handler has returned: later writes (from a stray task) fail.</summary>
    public void Complete() => _completed = true;
}
