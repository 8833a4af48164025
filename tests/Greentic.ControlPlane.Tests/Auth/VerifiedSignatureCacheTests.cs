using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>The validator remembers verified signatures; these prove the memory never widens what is accepted.</summary>
public sealed class VerifiedSignatureCacheTests : IDisposable
{
    private readonly JwtTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task A_remembered_token_still_expires()
    {
        var token = _kit.Token();
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);

        _kit.Time.Advance(TimeSpan.FromMinutes(10) + _kit.Options.ClockSkew + TimeSpan.FromSeconds(1));
        Assert.Equal(JwtFailureReason.Expired, (await _kit.ValidateAsync(token)).Failure);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_key_leaves_the_key_set()
    {
        var token = _kit.Token(r => r with { Lifetime = TimeSpan.FromHours(1) });
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);

        var next = DevTokenIssuer.CreateEphemeral(DevKeyAlgorithm.ES256, _kit.Time);
        File.WriteAllText(_kit.JwksPath, next.PublicJwksJson);
        _kit.Time.Advance(_kit.Options.JwksRefreshInterval + TimeSpan.FromSeconds(1));

        Assert.Equal(JwtFailureReason.UnknownKey, (await _kit.ValidateAsync(token)).Failure);
    }

    [Fact]
    public async Task A_token_with_a_changed_signature_is_checked_afresh()
    {
        var token = _kit.Token();
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);
        var signature = Base64Url.Decode(token[(token.LastIndexOf('.') + 1)..]);
        signature[0] ^= 1;
        var forged = token[..(token.LastIndexOf('.') + 1)] + Base64Url.Encode(signature);
        Assert.Equal(JwtFailureReason.BadSignature, (await _kit.ValidateAsync(forged)).Failure);
    }

    [Fact]
    public void The_cache_stays_within_its_capacity()
    {
        var cache = new VerifiedSignatureCache(capacity: 3);
        var keys = JsonWebKeySet.Empty;
        for (var i = 0; i < 10; i++) cache.Remember("t" + i, keys);
        Assert.True(cache.IsVerified("t9", keys));
        Assert.False(cache.IsVerified("t0", keys));
    }
}
