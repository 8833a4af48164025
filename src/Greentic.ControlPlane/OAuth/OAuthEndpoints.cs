using System.Collections.Concurrent;
using Duende.IdentityModel.Client;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.OAuth;

/// <summary>Where a provider's authorize and token endpoints are.</summary>
internal sealed record OAuthEndpoints(string Authorize, string Token);

/// <summary>
/// A provider's endpoints: the configured ones, else those of its OpenID discovery document (Duende's
/// <see cref="DiscoveryCache"/>, one per authority, which validates the issuer and that endpoints live under it). A
/// discovery failure is UNAVAILABLE naming the authority and the setting.
/// </summary>
internal sealed class OAuthEndpointResolver(IHttpClientFactory http, IOptionsMonitor<OAuthOptions> options)
{
    private readonly ConcurrentDictionary<string, DiscoveryCache> _caches = new(StringComparer.Ordinal);

    public async Task<OAuthEndpoints> ResolveAsync(OAuthProvider provider, CancellationToken ct)
    {
        var o = provider.Options;
        if (o.Authority is null) return new OAuthEndpoints(o.AuthorizationEndpoint!, o.TokenEndpoint!);
        var cache = _caches.GetOrAdd(o.Authority, authority => new DiscoveryCache(authority,
            () => http.CreateClient(OAuthHttp.ClientName), new DiscoveryPolicy { RequireHttps = true, AllowHttpOnLoopback = true })
        {
            CacheDuration = options.CurrentValue.DiscoveryCacheDuration,
        });
        var document = await cache.GetAsync().WaitAsync(ct);
        if (document.IsError)
        {
            cache.Refresh(); // do not keep a failure for the cache duration
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"OpenID discovery of OAuth provider '{provider.Id}' at {o.Authority} failed: {document.Error}; " +
                $"check that the provider is reachable and {provider.ConfigKey}:Authority"));
        }
        return new OAuthEndpoints(o.AuthorizationEndpoint ?? document.AuthorizeEndpoint ?? "", o.TokenEndpoint ?? document.TokenEndpoint ?? "");
    }
}
