namespace Greentic.Rpc.Server.Internal;

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
