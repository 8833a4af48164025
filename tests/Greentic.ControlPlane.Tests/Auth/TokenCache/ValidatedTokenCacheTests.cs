using System.Security.Claims;
using Greentic.ControlPlane.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.Auth.TokenCache;

/// <summary>The cache's own rules: expiry at the earlier of exp and the TTL, one key set per entry, a hard bound.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private readonly ManualTimeProvider _clock = new();
    private readonly List<SecurityKey> _keys = [];

    private static TokenValidationResult Valid() => new() { IsValid = true, ClaimsIdentity = new ClaimsIdentity("test") };

    private DateTime In(TimeSpan span) => (_clock.GetUtcNow() + span).UtcDateTime;

    [Fact]
    public void An_entry_lasts_until_the_TTL_when_the_token_expires_later()
    {
        var cache = new ValidatedTokenCache(16, Ttl, _clock);
        cache.Add("t", _keys, Valid(), In(TimeSpan.FromHours(1)));
        _clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        Assert.NotNull(cache.Find("t", _keys));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Find("t", _keys));
    }

    [Fact]
    public void An_entry_ends_at_the_tokens_exp_when_that_comes_first()
    {
        var cache = new ValidatedTokenCache(16, Ttl, _clock);
        cache.Add("t", _keys, Valid(), In(TimeSpan.FromSeconds(10)));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(cache.Find("t", _keys));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Find("t", _keys));
    }

    [Fact]
    public void A_token_already_past_its_exp_is_not_stored()
    {
        var cache = new ValidatedTokenCache(16, Ttl, _clock);
        cache.Add("t", _keys, Valid(), In(TimeSpan.FromSeconds(-1)));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void An_entry_made_with_another_key_set_misses()
    {
        var cache = new ValidatedTokenCache(16, Ttl, _clock);
        cache.Add("t", _keys, Valid(), In(TimeSpan.FromHours(1)));
        Assert.Null(cache.Find("t", new List<SecurityKey>(_keys)));
        Assert.Null(cache.Find("t", _keys));
    }

    [Fact]
    public void Only_the_exact_token_hits()
    {
        var cache = new ValidatedTokenCache(16, Ttl, _clock);
        cache.Add("header.payload.signature", _keys, Valid(), In(TimeSpan.FromHours(1)));
        Assert.Null(cache.Find("header.payload.signaturf", _keys));
        Assert.Null(cache.Find("header.payload.signature ", _keys));
        Assert.NotNull(cache.Find("header.payload.signature", _keys));
    }

    [Fact]
    public void A_full_cache_drops_expired_entries_and_otherwise_stores_nothing_more()
    {
        var cache = new ValidatedTokenCache(2, Ttl, _clock);
        cache.Add("short", _keys, Valid(), In(TimeSpan.FromSeconds(5)));
        cache.Add("long", _keys, Valid(), In(TimeSpan.FromHours(1)));
        cache.Add("refused-room", _keys, Valid(), In(TimeSpan.FromHours(1)));
        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Find("refused-room", _keys));

        _clock.Advance(TimeSpan.FromSeconds(5));
        cache.Add("next", _keys, Valid(), In(TimeSpan.FromHours(1)));
        Assert.Equal(2, cache.Count);
        Assert.NotNull(cache.Find("next", _keys));
        Assert.NotNull(cache.Find("long", _keys));
    }
}
