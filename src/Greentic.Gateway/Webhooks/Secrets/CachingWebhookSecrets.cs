using System.Collections.Concurrent;
using Greentic.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Webhooks.Secrets;

/// <summary>
/// Remembers secrets for <c>Secrets:CacheTtl</c> (absent ones for <c>NegativeCacheTtl</c>) so a burst of
/// webhooks does not become a burst of secret lookups. Failures are not cached.
/// </summary>
internal sealed class CachingWebhookSecrets(IWebhookSecrets inner, IOptionsMonitor<GatewayOptions> options, TimeProvider time) : IWebhookSecrets
{
    private readonly ConcurrentDictionary<(WebhookSecretScope, string), (SecretValue? Value, DateTimeOffset Expires)> _cache = new();

    public async ValueTask<SecretValue?> GetAsync(WebhookSecretScope scope, string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((scope, name), out var hit) && hit.Expires > now) return hit.Value;
        var value = await inner.GetAsync(scope, name, cancellationToken).ConfigureAwait(false);
        var o = options.CurrentValue.Secrets;
        var ttl = value is null ? o.NegativeCacheTtl : o.CacheTtl;
        if (ttl > TimeSpan.Zero) _cache[(scope, name)] = (value, now + ttl);
        return value;
    }
}
