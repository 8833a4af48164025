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
