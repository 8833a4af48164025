using System.Collections.Concurrent;
using Greentic.Interop.Wire;

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
}
