using System.Net;
using System.Net.Http.Headers;

namespace Greentic.ComponentHost;

/// <summary>
/// The real <see cref="IHttpEgress"/> on <see cref="HttpClient"/>. For each request:
/// (1) the URL must be absolute http(s) and the <see cref="IEgressPolicy"/> must allow it;
/// (2) the request is sent without automatic redirects, within the timeout;
/// (3) a redirect is followed only if allowed, at most <see cref="HttpEgressOptions.MaxRedirects"/> times, each new
///     location checked by the policy again (a 303, or a 301/302 after POST, continues as GET without a body);
/// (4) the body is read up to <see cref="HttpEgressOptions.MaxResponseBytes"/>.
/// Refusals and failures reach the guest as <c>host-error</c> (<c>denied</c>, <c>timeout</c>, <c>too-large</c>,
/// <c>unavailable</c>, <c>invalid-input</c>).
/// </summary>
public sealed class HttpClientEgress : IHttpEgress, IDisposable
{
    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type", "Content-Length", "Content-Encoding", "Content-Language", "Content-Disposition", "Content-MD5",
        "Content-Range", "Expires", "Last-Modified", "Allow",
    };
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Keep-Alive", "TE", "Trailer", "Content-Length",
    };

    private readonly IEgressPolicy policy;
    private readonly HttpEgressOptions options;
    private readonly HttpClient client;

    /// <param name="handler">Optional transport (it must not follow redirects itself); default: a
    /// <see cref="SocketsHttpHandler"/> without automatic redirects, cookies or proxy.</param>
    public HttpClientEgress(IEgressPolicy policy, HttpEgressOptions? options = null, HttpMessageHandler? handler = null)
    {
        this.policy = policy;
        this.options = options ?? new HttpEgressOptions();
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        if (handler is SocketsHttpHandler sockets) sockets.AllowAutoRedirect = false;
        client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async ValueTask<HttpEgressResponse> SendAsync(HttpEgressRequest request, CancellationToken cancellationToken)
    {
        // (1)
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new HostCallException(HostErrorCodes.InvalidInput, "the URL must be absolute http or https");
        CheckAllowed(uri, request.Method);
        if (request.Body is { Length: var length } && length > options.MaxRequestBytes)
            throw new HostCallException(HostErrorCodes.TooLarge, $"request body of {length} bytes exceeds {options.MaxRequestBytes}");
        HttpMethod method;
        try { method = new HttpMethod(request.Method.ToUpperInvariant()); }
        catch (FormatException) { throw new HostCallException(HostErrorCodes.InvalidInput, "invalid HTTP method"); }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var limit = request.Timeout is { } t && t < options.Timeout ? t : options.Timeout;
        timeout.CancelAfter(limit);
        var follow = request.FollowRedirects ?? options.FollowRedirects;
        var body = request.Body;
        try
        {
            for (var hop = 0; ; hop++)
            {
                // (2)
                using var message = Build(method, uri, request.Headers, body);
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                // (3)
                if (follow && IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= options.MaxRedirects)
                        throw new HostCallException(HostErrorCodes.Denied, $"more than {options.MaxRedirects} redirects");
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                        throw new HostCallException(HostErrorCodes.Denied, "redirect to a non-http(s) URL");
                    CheckAllowed(next, method.Method);
                    if (response.StatusCode == HttpStatusCode.SeeOther ||
                        (method == HttpMethod.Post && response.StatusCode is HttpStatusCode.Moved or HttpStatusCode.Found))
                    {
                        method = HttpMethod.Get;
                        body = null;
                    }
                    uri = next;
                    continue;
                }
                // (4)
                return new HttpEgressResponse((int)response.StatusCode, Headers(response),
                    await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HostCallException(HostErrorCodes.Timeout, $"no response from {uri.IdnHost}:{uri.Port} within {limit.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            throw new HostCallException(HostErrorCodes.Unavailable, $"request to {uri.IdnHost}:{uri.Port} failed: {e.HttpRequestError}");
        }
    }

    private void CheckAllowed(Uri uri, string method)
    {
        if (!policy.IsAllowed(uri))
            throw new HostCallException(HostErrorCodes.Denied, $"egress to {uri.Scheme}://{uri.IdnHost}:{uri.Port} is not allowed: {policy.DenialReason(uri)}");
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static HttpRequestMessage Build(HttpMethod method, Uri uri, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte>? body)
    {
        var message = new HttpRequestMessage(method, uri);
        if (body is { } b) message.Content = new ReadOnlyMemoryContent(b);
        foreach (var (name, value) in headers)
        {
            if (Forbidden.Contains(name)) continue;
            if (ContentHeaders.Contains(name))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    private static List<KeyValuePair<string, string>> Headers(HttpResponseMessage response)
    {
        var list = new List<KeyValuePair<string, string>>();
        Add(response.Headers);
        Add(response.Content.Headers);
        return list;

        void Add(HttpHeaders headers)
        {
            foreach (var (name, values) in headers)
                foreach (var value in values) list.Add(new(name.ToLowerInvariant(), value));
        }
    }

    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > 0 and var declared && declared > options.MaxResponseBytes)
            throw new HostCallException(HostErrorCodes.TooLarge, $"response body of {declared} bytes exceeds {options.MaxResponseBytes}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > options.MaxResponseBytes)
                throw new HostCallException(HostErrorCodes.TooLarge, $"response body exceeds {options.MaxResponseBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.Length == 0 && response.Content.Headers.ContentLength is null or 0 ? null : buffer.ToArray();
    }

    public void Dispose() => client.Dispose();
}
