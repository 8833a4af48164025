using System.Text.Json;
using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.Gateway.Webhooks.Adapters;

/// <summary>
/// The Bot Framework signing keys: the OpenID metadata document (<c>BotFramework:OpenIdMetadataUrl</c>) names
/// a <c>jwks_uri</c>; its keys carry, beside the JWK members, an <c>endorsements</c> list of channel ids each
/// key may sign for. Fetched keys are kept for <c>KeysRefreshInterval</c>; a token signed by an unknown key
/// triggers one early refetch at most every five minutes.
/// </summary>
internal sealed class BotFrameworkKeySource(IOptionsMonitor<GatewayOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MinRefetch = TimeSpan.FromMinutes(5);
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BotFrameworkKeys? _keys;

    /// <param name="unknownKid">A kid the current keys lack: refetch unless the last fetch was under five minutes ago.</param>
    public async ValueTask<BotFrameworkKeys> GetAsync(string? unknownKid, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue.Webhooks.BotFramework;
        var now = time.GetUtcNow();
        var keys = Volatile.Read(ref _keys);
        if (keys is not null && keys.MetadataUrl == o.OpenIdMetadataUrl && now - keys.FetchedAt < o.KeysRefreshInterval
            && (unknownKid is null || keys.Endorsements.ContainsKey(unknownKid) || now - keys.FetchedAt < MinRefetch))
            return keys;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            keys = Volatile.Read(ref _keys);
            if (keys is not null && keys.MetadataUrl == o.OpenIdMetadataUrl && now - keys.FetchedAt < MinRefetch) return keys;
            keys = await FetchAsync(o, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _keys, keys);
            return keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<BotFrameworkKeys> FetchAsync(BotFrameworkOptions o, CancellationToken cancellationToken)
    {
        string jwksUri;
        using (var metadata = await GetJsonAsync(o.OpenIdMetadataUrl, o.RequireHttpsMetadata, cancellationToken).ConfigureAwait(false))
        {
            jwksUri = Json.Str(metadata.RootElement, "jwks_uri")
                      ?? throw new BotFrameworkKeysException($"the OpenID metadata at {o.OpenIdMetadataUrl} has no jwks_uri");
        }
        using var jwks = await GetJsonAsync(jwksUri, o.RequireHttpsMetadata, cancellationToken).ConfigureAwait(false);
        var set = new JsonWebKeySet(jwks.RootElement.GetRawText());
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var key in Json.Array(jwks.RootElement, "keys"))
        {
            if (Json.Str(key, "kid") is not { } kid) continue;
            endorsements[kid] = Json.Array(key, "endorsements").Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
        }
        return new BotFrameworkKeys(set.GetSigningKeys(), endorsements, time.GetUtcNow(), o.OpenIdMetadataUrl);
    }

    private async Task<JsonDocument> GetJsonAsync(string url, bool requireHttps, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && (requireHttps || uri.Scheme != Uri.UriSchemeHttp)))
            throw new BotFrameworkKeysException($"'{url}' is not an {(requireHttps ? "https" : "http(s)")} URL");
        try
        {
            using var response = await _http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw new BotFrameworkKeysException($"{url} answered HTTP {(int)response.StatusCode}");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new BotFrameworkKeysException($"cannot read {url}: {ex.Message}", ex);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <param name="Endorsements">kid → the channel ids the key may sign for.</param>
internal sealed record BotFrameworkKeys(IList<SecurityKey> SigningKeys, IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements,
    DateTimeOffset FetchedAt, string MetadataUrl);

internal sealed class BotFrameworkKeysException(string message, Exception? inner = null) : Exception(message, inner);
