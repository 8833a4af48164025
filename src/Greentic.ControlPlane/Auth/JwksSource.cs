namespace Greentic.ControlPlane.Auth;

/// <summary>Where a JWKS document comes from.</summary>
public interface IJwksSource
{
    /// <summary>Names the source in messages (a path or URL; never credentials).</summary>
    string Description { get; }

    /// <summary>Fetches the raw document. Throws <see cref="JwksUnavailableException"/> when it cannot.</summary>
    Task<byte[]> FetchAsync(CancellationToken cancellationToken);
}

public sealed class JwksUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A JWKS read from a file on each refresh.</summary>
public sealed class FileJwksSource(string path) : IJwksSource
{
    public const int MaxBytes = 1024 * 1024;

    public string Description => path;

    public async Task<byte[]> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new JwksUnavailableException($"JWKS file '{path}' does not exist");
            if (info.Length > MaxBytes) throw new JwksUnavailableException($"JWKS file '{path}' is larger than {MaxBytes} bytes");
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new JwksUnavailableException($"JWKS file '{path}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new JwksUnavailableException($"JWKS file '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}

/// <summary>A JWKS fetched over https; the response is capped at <see cref="FileJwksSource.MaxBytes"/>.</summary>
public sealed class HttpJwksSource : IJwksSource
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TimeSpan _timeout;

    public HttpJwksSource(HttpClient http, Uri url, TimeSpan timeout)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"JWKS URL '{url}' must use https", nameof(url));
        }
        _http = http;
        _url = url;
        _timeout = timeout;
    }

    public string Description => _url.GetLeftPart(UriPartial.Path);

    public async Task<byte[]> FetchAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, _url);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new JwksUnavailableException($"JWKS URL {Description} answered HTTP {(int)response.StatusCode}");
            }
            if (response.Content.Headers.ContentLength > FileJwksSource.MaxBytes)
            {
                throw new JwksUnavailableException($"JWKS URL {Description} sent more than {FileJwksSource.MaxBytes} bytes");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cts.Token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > FileJwksSource.MaxBytes)
                {
                    throw new JwksUnavailableException($"JWKS URL {Description} sent more than {FileJwksSource.MaxBytes} bytes");
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JwksUnavailableException($"JWKS URL {Description} did not answer within {_timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException ex)
        {
            throw new JwksUnavailableException($"JWKS URL {Description} cannot be fetched: {ex.Message}", ex);
        }
    }
}
