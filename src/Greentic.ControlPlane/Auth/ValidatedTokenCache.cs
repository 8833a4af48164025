using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Bearer tokens that passed full validation, so the same token is not signature-checked on every call
/// (ES256 verification is most of a call's cost). Safe by construction:
/// <list type="bullet">
/// <item>keyed by the exact token string; only successful validations are stored;</item>
/// <item>an entry lives until the earlier of the token's <c>exp</c> and <see cref="JwtValidationOptions.ValidatedTokenCacheTtl"/>;</item>
/// <item>an entry holds for the signing-key set it was validated against: when the key source is refreshed (a new
/// JWKS, a rotated or revoked key) the set is a new object and every entry made with the old one misses;</item>
/// <item>bounded: at most <see cref="JwtValidationOptions.ValidatedTokenCacheSize"/> entries; when full, expired
/// entries are dropped and, if none were, the token is simply not cached.</item>
/// </list>
/// </summary>
internal sealed class ValidatedTokenCache(int capacity, TimeSpan ttl, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public TokenValidationResult? Find(string token, IEnumerable<SecurityKey>? keys)
    {
        if (!_entries.TryGetValue(token, out var entry)) return null;
        if (entry.ExpiresAt > time.GetUtcNow() && ReferenceEquals(entry.Keys, keys)) return entry.Result;
        _entries.TryRemove(new KeyValuePair<string, Entry>(token, entry));
        return null;
    }

    public void Add(string token, IEnumerable<SecurityKey> keys, TokenValidationResult result, DateTime validTo)
    {
        var now = time.GetUtcNow();
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc));
        if (now + ttl < expiresAt) expiresAt = now + ttl;
        if (expiresAt <= now) return;
        if (_entries.Count >= capacity && !_entries.ContainsKey(token))
        {
            foreach (var (key, entry) in _entries)
                if (entry.ExpiresAt <= now) _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            if (_entries.Count >= capacity) return;
        }
        _entries[token] = new Entry(keys, result, expiresAt);
    }

    private sealed record Entry(IEnumerable<SecurityKey> Keys, TokenValidationResult Result, DateTimeOffset ExpiresAt);
}
