using Greentic.Packs.Index;

namespace Greentic.Packs.Locators;

/// <summary>Fetches pack and index bytes by locator (files, HTTP(S), OCI layouts), with a size limit.</summary>
public sealed class PackFetcher
{
    private readonly HttpClient _http;

    public PackFetcher(HttpClient http, long maxBytes = 512L * 1024 * 1024)
    {
        _http = http;
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }

    public Task<byte[]> FetchAsync(string locator, string? baseLocation, CancellationToken ct) =>
        FetchAsync(PackLocator.Parse(locator, baseLocation), ct);

    public async Task<byte[]> FetchAsync(PackLocator loc, CancellationToken ct) => loc.Kind switch
    {
        LocatorKind.File => await ReadFileAsync(loc.Target, MaxBytes, ct),
        LocatorKind.Http => await GetAsync(loc.Target, MaxBytes, ct),
        LocatorKind.OciLayout => await OciLayout.ReadPackAsync(loc.Target, loc.Tag, MaxBytes, ct),
        _ => throw new PackFormatException(loc.ToString(), "unsupported locator"),
    };

    /// <summary>Reads the index at <paramref name="location"/> (a path, <c>file:</c> URI or http(s) URL) and returns
    /// its bytes and the base against which its relative locators resolve.</summary>
    public async Task<(byte[] Bytes, string BaseLocation)> FetchIndexAsync(string location, CancellationToken ct)
    {
        var loc = PackLocator.Parse(location, Directory.GetCurrentDirectory());
        if (loc.Kind == LocatorKind.OciLayout) throw new PackFormatException(location, "the index must be a JSON file or URL, not an OCI layout");
        if (loc.Kind == LocatorKind.Http) return (await GetAsync(loc.Target, PackIndex.MaxBytes, ct), loc.Target);
        return (await ReadFileAsync(loc.Target, PackIndex.MaxBytes, ct), Path.GetDirectoryName(loc.Target) ?? "/");
    }

    private static async Task<byte[]> ReadFileAsync(string path, long max, CancellationToken ct)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new PackFormatException(path, "file not found");
            if (info.Length > max) throw new PackFormatException(path, $"file is {info.Length} bytes, over the {max}-byte limit");
            return await File.ReadAllBytesAsync(path, ct);
        }
        catch (IOException ex) { throw new PackFormatException(path, $"cannot read: {ex.Message}", ex); }
        catch (UnauthorizedAccessException ex) { throw new PackFormatException(path, $"cannot read: {ex.Message}", ex); }
    }

    private async Task<byte[]> GetAsync(string url, long max, CancellationToken ct)
    {
        HttpResponseMessage resp;
        try { resp = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct); }
        catch (HttpRequestException ex) { throw new PackFormatException(url, $"HTTP request failed: {ex.Message}", ex); }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested) { throw new PackFormatException(url, "HTTP request timed out", ex); }
        using (resp)
        {
            if (!resp.IsSuccessStatusCode) throw new PackFormatException(url, $"HTTP {(int)resp.StatusCode} {resp.ReasonPhrase}");
            if (resp.Content.Headers.ContentLength is long len && len > max)
                throw new PackFormatException(url, $"response is {len} bytes, over the {max}-byte limit");
            await using var s = await resp.Content.ReadAsStreamAsync(ct);
            var ms = new MemoryStream();
            var buf = new byte[81920];
            int n;
            try
            {
                while ((n = await s.ReadAsync(buf, ct)) > 0)
                {
                    if (ms.Length + n > max) throw new PackFormatException(url, $"response is over the {max}-byte limit");
                    ms.Write(buf, 0, n);
                }
            }
            catch (IOException ex) { throw new PackFormatException(url, $"HTTP body truncated: {ex.Message}", ex); }
            catch (HttpRequestException ex) { throw new PackFormatException(url, $"HTTP body truncated: {ex.Message}", ex); }
            return ms.ToArray();
        }
    }
}
