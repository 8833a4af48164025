using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Greentic.ControlPlane.Tests.Auth.Jwt;

/// <summary>
/// Every kind of bad bearer token is UNAUTHENTICATED before any handler runs, with a message that names what to fix
/// and contains no part of the token.
/// </summary>
public sealed class JwtBearerRefusalTests(JwksFileControlPlane cp) : IClassFixture<JwksFileControlPlane>
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "alg none", "signed with 'none', which is not accepted (allowed: RS256, PS256, ES256; 'none' and HMAC never are)" },
        { "alg None", "signed with 'None', which is not accepted" },
        { "alg NONE", "signed with 'NONE', which is not accepted" },
        { "HS256 with a random secret", "signed with 'HS256', which is not accepted (allowed: RS256, PS256, ES256; 'none' and HMAC never are)" },
        { "HS256 keyed with the public JWKS", "signed with 'HS256', which is not accepted" },
        { "RS512 (outside the allow-list)", "signed with 'RS512', which is not accepted (allowed: RS256, PS256, ES256;" },
        { "unknown kid", "no key in the configured JWKS matches the bearer token's 'kid'" },
        { "embedded jwk and jku", "no key in the configured JWKS matches the bearer token's 'kid'" },
        { "trusted kid, another key's signature", "signature does not verify" },
        { "tampered payload", "signature does not verify" },
        { "wrong issuer", "Greentic:Auth:Jwt:Issuer" },
        { "wrong audience", "Greentic:Auth:Jwt:Audience" },
        { "no audience", "Greentic:Auth:Jwt:Audience" },
        { "expired beyond the skew", "expired at" },
        { "not yet valid beyond the skew", "is not valid before" },
        { "no exp", "has no 'exp' claim" },
        { "exp as text", "not a well-formed signed JWT" },
        { "no sub", "no 'sub' (subject) claim" },
        { "one part", "not a well-formed signed JWT" },
        { "two parts", "not a well-formed signed JWT" },
        { "encrypted (JWE)", "encrypted tokens (JWE) are not accepted" },
        { "five parts of garbage", "not a well-formed signed JWT" },
        { "oversized", "longer than this control plane accepts (Greentic:Auth:Jwt:MaxTokenLength)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_token_is_refused_naming_what_to_fix(string kind, string expected)
    {
        var token = Token(kind);
        BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, token), token, expected);
    }

    private string Token(string kind)
    {
        var payload = TestJwt.Payload();
        var now = DateTimeOffset.UtcNow;
        switch (kind)
        {
            case "alg none": return TestJwt.Unsigned(payload, "none", cp.Es256.Kid);
            case "alg None": return TestJwt.Unsigned(payload, "None", cp.Es256.Kid);
            case "alg NONE": return TestJwt.Unsigned(payload, "NONE");
            case "HS256 with a random secret": return TestJwt.Hs256(payload, RandomNumberGenerator.GetBytes(32), cp.Rs256.Kid);
            case "HS256 keyed with the public JWKS": return TestJwt.Hs256(payload, File.ReadAllBytes(cp.JwksFile), cp.Rs256.Kid);
            case "RS512 (outside the allow-list)": return cp.Rs512.Token(payload);
            case "unknown kid":
            {
                using var stranger = SigningKey.Create("ES256", "stranger-1");
                return stranger.Token(payload);
            }
            case "embedded jwk and jku":
            {
                using var attacker = SigningKey.Create("ES256", "attacker-1");
                var header = new JsonObject
                {
                    ["alg"] = "ES256", ["kid"] = attacker.Kid, ["jwk"] = attacker.PublicJwk.DeepClone(), ["jku"] = "https://attacker.test/jwks.json",
                };
                return TestJwt.Sign(header, payload, attacker.Sign);
            }
            case "trusted kid, another key's signature":
            {
                using var forger = SigningKey.Create("ES256", cp.Es256.Kid);
                return forger.Token(payload);
            }
            case "tampered payload":
            {
                var parts = cp.Es256.Token(payload).Split('.');
                payload["tenants"] = new JsonArray("acme", "globex");
                return parts[0] + "." + Base64UrlEncoder.Encode(payload.ToJsonString()) + "." + parts[2];
            }
            case "wrong issuer": payload["iss"] = "https://evil.test"; break;
            case "wrong audience": payload["aud"] = "someone-else"; break;
            case "no audience": payload.Remove("aud"); break;
            case "expired beyond the skew":
                payload["iat"] = now.AddMinutes(-20).ToUnixTimeSeconds();
                payload["exp"] = now.AddMinutes(-5).ToUnixTimeSeconds();
                break;
            case "not yet valid beyond the skew": payload["nbf"] = now.AddMinutes(5).ToUnixTimeSeconds(); break;
            case "no exp": payload.Remove("exp"); break;
            case "exp as text": payload["exp"] = "tomorrow"; break;
            case "no sub": payload.Remove("sub"); break;
            case "one part": return "notajwtatallbutlongenough";
            case "two parts": return Base64UrlEncoder.Encode("{\"alg\":\"ES256\"}") + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
            case "encrypted (JWE)":
                return Base64UrlEncoder.Encode("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"rsa-1"}""") + "." +
                    string.Join('.', Enumerable.Range(0, 4).Select(_ => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))));
            case "five parts of garbage": return string.Join('.', Enumerable.Range(0, 5).Select(i => Base64UrlEncoder.Encode($"part-number-{i}")));
            case "oversized":
                payload["padding"] = new string('x', 14_000);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return cp.Es256.Token(payload);
    }
}

/// <summary>The algorithm allow-list narrows what is accepted, even for a key the JWKS trusts.</summary>
public sealed class JwtAlgorithmAllowListTests(Es256OnlyControlPlane cp) : IClassFixture<Es256OnlyControlPlane>
{
    [Fact]
    public async Task Only_the_configured_algorithms_are_accepted()
    {
        Assert.Null(await BearerCall.RefusalAsync(cp, cp.Es256.Token(TestJwt.Payload())));
        foreach (var key in new[] { cp.Rs256, cp.Ps256 })
        {
            var token = key.Token(TestJwt.Payload());
            BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, token), token, $"signed with '{key.Alg}', which is not accepted (allowed: ES256;");
        }
    }
}

/// <summary>MaxTokenLifetime refuses long-lived tokens.</summary>
public sealed class JwtLifetimeCapTests(ShortLivedTokensControlPlane cp) : IClassFixture<ShortLivedTokensControlPlane>
{
    [Fact]
    public async Task Tokens_living_longer_than_the_cap_are_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var longLived = TestJwt.Payload();
        longLived["exp"] = now.AddHours(1).ToUnixTimeSeconds();
        var token = cp.Es256.Token(longLived);
        BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, token), token, "lifetime exceeds the allowed 5 minutes");

        var noStart = TestJwt.Payload();
        noStart.Remove("iat");
        var undated = cp.Es256.Token(noStart);
        BearerCall.AssertRefused(await BearerCall.RefusalAsync(cp, undated), undated, "no iat/nbf");

        var shortLived = TestJwt.Payload();
        shortLived["exp"] = now.AddMinutes(4).ToUnixTimeSeconds();
        Assert.Null(await BearerCall.RefusalAsync(cp, cp.Es256.Token(shortLived)));
    }
}
