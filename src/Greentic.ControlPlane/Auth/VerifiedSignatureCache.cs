using System.Collections.Concurrent;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Remembers which tokens' signatures verified, and under which key set. A public-key signature check costs
/// hundreds of microseconds, and a client sends the same bearer token with every call, so the check is done
/// once per token and key set. Only the signature is cached: expiry, not-before, issuer and audience are
/// checked on every call, and a new key set (rotation, a removed key) makes every entry stale, because an
/// entry counts only while the provider still returns the very same <see cref="JsonWebKeySet"/> instance.
/// </summary>
internal sealed class VerifiedSignatureCache(int capacity = VerifiedSignatureCache.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<string, JsonWebKeySet> _verified = new(StringComparer.Ordinal);

    public bool IsVerified(string token, JsonWebKeySet keys) =>
        _verified.TryGetValue(token, out var verifiedWith) && ReferenceEquals(verifiedWith, keys);

    public void Remember(string token, JsonWebKeySet keys)
    {
        // Bounded without bookkeeping: when full, start over (entries are cheap to rebuild, one check each).
        if (_verified.Count >= capacity) _verified.Clear();
        _verified[token] = keys;
    }
}
