using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class JwtValidatorTests : IDisposable
{
    private readonly JwtTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Theory]
    [InlineData(DevKeyAlgorithm.Ed25519, "EdDSA")]
    [InlineData(DevKeyAlgorithm.ES256, "ES256")]
    public async Task Valid_token_maps_to_a_principal(DevKeyAlgorithm algorithm, string alg)
    {
        using var kit = new JwtTestKit(algorithm);
        Assert.Equal(alg, kit.Signer.Algorithm);
        var token = kit.Signer.Issue(kit.Request("acme", "globex") with
        {
            Teams = ["support", "globex/sales"],
            Roles = ["admin"],
        });

        var result = await kit.ValidateAsync(token);

        Assert.True(result.Succeeded, result.Message);
        var p = result.Principal!;
        Assert.Equal("alice", p.Subject);
        Assert.Equal(AuthenticationMethod.Jwt, p.Method);
        Assert.Equal(["acme", "globex"], p.Tenants.Order());
        Assert.Equal(["support"], p.TeamsFor("acme"));
        Assert.Equal(["sales", "support"], p.TeamsFor("globex"));
        Assert.True(p.IsInRole("admin"));
        Assert.Equal(JwtTestKit.Issuer, p.Issuer);
    }

    [Fact]
    public async Task Rs256_token_from_an_rsa_jwks_is_accepted()
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        File.WriteAllText(_kit.JwksPath,
            $"{{\"keys\":[{{\"kty\":\"RSA\",\"kid\":\"rsa1\",\"use\":\"sig\",\"n\":\"{Base64Url.Encode(parameters.Modulus)}\",\"e\":\"{Base64Url.Encode(parameters.Exponent)}\"}}]}}");
        var input = JwtTestKit.B64("{\"alg\":\"RS256\",\"kid\":\"rsa1\"}") + "." + JwtTestKit.B64(_kit.Payload().ToJsonString());
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var ok = await _kit.ValidateAsync(input + "." + Base64Url.Encode(signature));
        Assert.True(ok.Succeeded, ok.Message);
        Assert.Equal("mallory", ok.Principal!.Subject);

        signature[10] ^= 1;
        var bad = await _kit.ValidateAsync(input + "." + Base64Url.Encode(signature));
        Assert.Equal(JwtFailureReason.BadSignature, bad.Failure);
    }

    [Fact]
    public async Task Bearer_prefix_is_accepted()
    {
        var result = await _kit.ValidateAsync("Bearer " + _kit.Token());
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task Expired_token_is_refused_beyond_the_clock_skew_only()
    {
        var token = _kit.Token(r => r with { Lifetime = TimeSpan.FromMinutes(1) });
        _kit.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(59));
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);

        _kit.Time.Advance(TimeSpan.FromSeconds(2));
        var result = await _kit.ValidateAsync(token);
        Assert.Equal(JwtFailureReason.Expired, result.Failure);
        Assert.Contains("expired", result.Message);
        Assert.Contains("get a new token", result.Message);
    }

    [Fact]
    public async Task Not_yet_valid_and_future_iat_are_refused()
    {
        var now = _kit.Time.GetUtcNow();
        var nbf = await _kit.ValidateAsync(_kit.Token(r => r with { NotBefore = now.AddMinutes(5) }));
        Assert.Equal(JwtFailureReason.NotYetValid, nbf.Failure);

        var nbfWithinSkew = await _kit.ValidateAsync(_kit.Token(r => r with { NotBefore = now.AddSeconds(30) }));
        Assert.True(nbfWithinSkew.Succeeded);

        var iat = await _kit.ValidateAsync(_kit.Token(r => r with { IssuedAt = now.AddMinutes(5) }));
        Assert.Equal(JwtFailureReason.IssuedInFuture, iat.Failure);
    }

    [Fact]
    public async Task Missing_exp_is_refused()
    {
        var payload = _kit.Payload();
        payload.Remove("exp");
        var result = await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload));
        Assert.Equal(JwtFailureReason.MissingClaim, result.Failure);
        Assert.Contains("exp", result.Message);
    }

    [Fact]
    public async Task Non_numeric_dates_are_malformed()
    {
        var payload = _kit.Payload();
        payload["exp"] = "tomorrow";
        Assert.Equal(JwtFailureReason.Malformed, (await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload))).Failure);
    }

    [Fact]
    public async Task Wrong_audience_is_refused_and_audience_arrays_are_understood()
    {
        var wrong = await _kit.ValidateAsync(_kit.Token(r => r with { Audience = "someone-else" }));
        Assert.Equal(JwtFailureReason.WrongAudience, wrong.Failure);
        Assert.Contains("someone-else", wrong.Message);

        var payload = _kit.Payload();
        payload["aud"] = new JsonArray("other", JwtTestKit.Audience);
        Assert.True((await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload))).Succeeded);

        payload["aud"] = new JsonArray("other", "more");
        Assert.Equal(JwtFailureReason.WrongAudience, (await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload))).Failure);

        payload.Remove("aud");
        Assert.Equal(JwtFailureReason.WrongAudience, (await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload))).Failure);
    }

    [Fact]
    public async Task Wrong_issuer_is_refused()
    {
        var result = await _kit.ValidateAsync(_kit.Token(r => r with { Issuer = "https://evil.test" }));
        Assert.Equal(JwtFailureReason.WrongIssuer, result.Failure);
    }

    [Fact]
    public async Task Forged_signature_from_another_key_with_the_trusted_kid_is_refused()
    {
        var forger = DevTokenIssuer.CreateEphemeral(DevKeyAlgorithm.Ed25519, _kit.Time);
        var header = new JsonObject { ["alg"] = "EdDSA", ["kid"] = _kit.Signer.KeyId };
        var result = await _kit.ValidateAsync(forger.Sign(header, _kit.Payload()));
        Assert.Equal(JwtFailureReason.BadSignature, result.Failure);
    }

    [Fact]
    public async Task Tampered_payload_is_refused()
    {
        var parts = _kit.Token().Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.Decode(parts[1])))!.AsObject();
        payload["tenants"] = new JsonArray("globex");
        var tampered = parts[0] + "." + JwtTestKit.B64(payload.ToJsonString()) + "." + parts[2];
        Assert.Equal(JwtFailureReason.BadSignature, (await _kit.ValidateAsync(tampered)).Failure);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task Alg_none_is_refused(string alg)
    {
        var token = JwtTestKit.Unsigned(new JsonObject { ["alg"] = alg, ["kid"] = _kit.Signer.KeyId }, _kit.Payload());
        var result = await _kit.ValidateAsync(token);
        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, result.Failure);
        Assert.Contains("unsigned", result.Message);
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public async Task Hmac_signed_with_the_public_key_is_refused(string alg)
    {
        // The classic confusion: use the verifier's public key bytes as the HMAC secret.
        var publicKeyBytes = Encoding.UTF8.GetBytes(_kit.Signer.PublicJwksJson);
        var token = JwtTestKit.Hs256(new JsonObject { ["alg"] = alg, ["kid"] = _kit.Signer.KeyId }, _kit.Payload(), publicKeyBytes);
        var result = await _kit.ValidateAsync(token);
        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, result.Failure);
        Assert.Contains("HMAC", result.Message);
    }

    [Fact]
    public async Task Algorithm_outside_the_allow_list_is_refused()
    {
        using var kit = new JwtTestKit(DevKeyAlgorithm.ES256, o => o.AllowedAlgorithms = ["EdDSA"]);
        var result = await kit.ValidateAsync(kit.Token());
        Assert.Equal(JwtFailureReason.UnsupportedAlgorithm, result.Failure);
        Assert.Contains("EdDSA", result.Message);
    }

    [Fact]
    public async Task Header_alg_that_does_not_fit_the_key_is_refused()
    {
        // Key is Ed25519; the header claims ES256.
        var token = _kit.Signer.Sign(new JsonObject { ["alg"] = "ES256", ["kid"] = _kit.Signer.KeyId }, _kit.Payload());
        var result = await _kit.ValidateAsync(token);
        Assert.Equal(JwtFailureReason.UnknownKey, result.Failure);
    }

    [Fact]
    public async Task Unknown_kid_is_refused()
    {
        var stranger = DevTokenIssuer.CreateEphemeral(DevKeyAlgorithm.Ed25519, _kit.Time);
        var result = await _kit.ValidateAsync(stranger.Issue(_kit.Request()));
        Assert.Equal(JwtFailureReason.UnknownKey, result.Failure);
        Assert.Contains(stranger.KeyId, result.Message);
    }

    [Fact]
    public async Task Embedded_jwk_header_is_never_trusted()
    {
        var attacker = DevTokenIssuer.CreateEphemeral(DevKeyAlgorithm.Ed25519, _kit.Time);
        var header = new JsonObject
        {
            ["alg"] = "EdDSA",
            ["kid"] = attacker.KeyId,
            ["jwk"] = JsonNode.Parse(attacker.PublicJwkJson),
            ["jku"] = "https://attacker.test/jwks.json",
        };
        var result = await _kit.ValidateAsync(attacker.Sign(header, _kit.Payload()));
        Assert.Equal(JwtFailureReason.UnknownKey, result.Failure);
    }

    [Fact]
    public async Task Rotated_key_is_picked_up_by_refresh_on_unknown_kid_which_is_rate_limited()
    {
        _ = await _kit.ValidateAsync(_kit.Token());
        Assert.Equal(1, _kit.Jwks.FetchCount);

        var next = DevTokenIssuer.CreateEphemeral(DevKeyAlgorithm.ES256, _kit.Time);
        File.WriteAllText(_kit.JwksPath, $"{{\"keys\":[{_kit.Signer.PublicJwkJson},{next.PublicJwkJson}]}}");
        var token = next.Issue(_kit.Request());

        // Within the minimum refresh interval the unknown kid does not cause a fetch.
        Assert.Equal(JwtFailureReason.UnknownKey, (await _kit.ValidateAsync(token)).Failure);
        Assert.Equal(1, _kit.Jwks.FetchCount);

        _kit.Time.Advance(_kit.Options.JwksMinRefreshInterval);
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);
        Assert.Equal(2, _kit.Jwks.FetchCount);

        // A flood of made-up kids right after costs no fetches.
        for (var i = 0; i < 20; i++)
        {
            var bogus = next.Sign(new JsonObject { ["alg"] = "ES256", ["kid"] = $"bogus-{i}" }, _kit.Payload());
            Assert.Equal(JwtFailureReason.UnknownKey, (await _kit.ValidateAsync(bogus)).Failure);
        }
        Assert.Equal(2, _kit.Jwks.FetchCount);
    }

    [Fact]
    public async Task Token_without_kid_uses_the_only_fitting_key()
    {
        var token = _kit.Signer.Sign(new JsonObject { ["alg"] = "EdDSA" }, _kit.Payload());
        Assert.True((await _kit.ValidateAsync(token)).Succeeded);
    }

    [Fact]
    public async Task Token_without_kid_is_refused_when_several_keys_fit()
    {
        var other = DevTokenIssuer.CreateEphemeral(DevKeyAlgorithm.Ed25519, _kit.Time);
        File.WriteAllText(_kit.JwksPath, $"{{\"keys\":[{_kit.Signer.PublicJwkJson},{other.PublicJwkJson}]}}");
        var token = _kit.Signer.Sign(new JsonObject { ["alg"] = "EdDSA" }, _kit.Payload());
        var result = await _kit.ValidateAsync(token);
        Assert.Equal(JwtFailureReason.UnknownKey, result.Failure);
        Assert.Contains("kid", result.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!.??.**")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30=.AAAA")]
    public async Task Malformed_tokens_are_refused(string token)
    {
        var result = await _kit.ValidateAsync(token);
        Assert.False(result.Succeeded);
        Assert.Equal(JwtFailureReason.Malformed, result.Failure);
    }

    [Fact]
    public async Task Encrypted_and_oversized_and_crit_tokens_are_refused()
    {
        Assert.Contains("JWE", (await _kit.ValidateAsync("a.b.c.d.e")).Message);
        Assert.Contains("longer", (await _kit.ValidateAsync(new string('a', 20_000))).Message);
        var crit = _kit.Signer.Sign(new JsonObject { ["alg"] = "EdDSA", ["kid"] = _kit.Signer.KeyId, ["crit"] = new JsonArray("b64"), ["b64"] = false }, _kit.Payload());
        Assert.Contains("crit", (await _kit.ValidateAsync(crit)).Message);
        var typ = _kit.Signer.Sign(new JsonObject { ["alg"] = "EdDSA", ["kid"] = _kit.Signer.KeyId, ["typ"] = "dpop+jwt" }, _kit.Payload());
        Assert.Equal(JwtFailureReason.Malformed, (await _kit.ValidateAsync(typ)).Failure);
    }

    [Fact]
    public async Task Missing_subject_is_refused()
    {
        var payload = _kit.Payload();
        payload.Remove("sub");
        var result = await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload));
        Assert.Equal(JwtFailureReason.MissingClaim, result.Failure);
    }

    [Fact]
    public async Task Max_lifetime_is_enforced_when_configured()
    {
        using var kit = new JwtTestKit(configure: o => o.MaxTokenLifetime = TimeSpan.FromMinutes(5));
        Assert.Equal(JwtFailureReason.LifetimeTooLong, (await kit.ValidateAsync(kit.Token(r => r with { Lifetime = TimeSpan.FromHours(1) }))).Failure);
        Assert.True((await kit.ValidateAsync(kit.Token(r => r with { Lifetime = TimeSpan.FromMinutes(4) }))).Succeeded);
    }

    [Fact]
    public async Task Messages_never_contain_the_token_or_its_parts()
    {
        var tokens = new List<string>
        {
            _kit.Token(r => r with { Audience = "x" }),
            _kit.Token(r => r with { Issuer = "y" }),
            _kit.Token(r => r with { Lifetime = TimeSpan.FromSeconds(-600) }),
            DevTokenIssuer.CreateEphemeral().Issue(_kit.Request()),
            JwtTestKit.Unsigned(new JsonObject { ["alg"] = "none" }, _kit.Payload()),
        };
        var forged = _kit.Token().Split('.');
        tokens.Add(forged[0] + "." + forged[1] + "." + Base64Url.Encode(new byte[64]));
        foreach (var token in tokens)
        {
            var result = await _kit.ValidateAsync(token);
            Assert.False(result.Succeeded);
            foreach (var part in token.Split('.').Where(p => p.Length > 8))
            {
                Assert.DoesNotContain(part, result.Message);
                Assert.DoesNotContain(part, result.ToDecision().Message);
            }
            Assert.Equal(AuthStatus.Unauthenticated, result.ToDecision().Status);
        }
    }

    [Fact]
    public async Task Claim_names_are_configurable_including_nested_paths()
    {
        using var kit = new JwtTestKit(configure: o => o.Claims = new ClaimMappingOptions
        {
            Subject = "email",
            Tenants = "https://greentic.ai/tenants",
            Roles = "realm_access.roles",
        });
        var payload = kit.Payload();
        payload["email"] = "bob@example.com";
        payload["https://greentic.ai/tenants"] = new JsonArray("acme", "bad tenant!", "globex");
        payload["realm_access"] = new JsonObject { ["roles"] = new JsonArray("admin", "viewer") };
        payload["roles"] = "ignored";
        var result = await kit.ValidateAsync(kit.Signer.Sign(new JsonObject { ["alg"] = "EdDSA", ["kid"] = kit.Signer.KeyId }, payload));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("bob@example.com", result.Principal!.Subject);
        Assert.Equal(["acme", "globex"], result.Principal.Tenants.Order());
        Assert.Equal(["admin", "viewer"], result.Principal.Roles.Order());
    }

    [Fact]
    public async Task Single_tenant_claim_and_space_separated_roles()
    {
        var payload = _kit.Payload();
        payload.Remove("tenants");
        payload["tenant"] = "acme";
        payload["roles"] = "admin  operator";
        var result = await _kit.ValidateAsync(_kit.Signer.Sign(Header(), payload));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("acme", result.Principal!.DefaultTenant);
        Assert.Equal(["acme"], result.Principal.Tenants);
        Assert.Equal(["admin", "operator"], result.Principal.Roles.Order());
    }

    [Fact]
    public async Task Token_for_another_tenant_is_denied_by_the_authorizer()
    {
        var result = await _kit.ValidateAsync(_kit.Token(r => r with { Tenants = ["globex"] }));
        Assert.True(result.Succeeded);
        var decision = new TenantAuthorizer().Authorize(result.Principal, new TenantContext("dev", "acme"));
        Assert.Equal(AuthStatus.PermissionDenied, decision.Status);
        Assert.Contains("'acme'", decision.Message);
        Assert.Contains("'globex'", decision.Message);
    }

    [Fact]
    public async Task Unavailable_keys_are_reported_as_a_server_side_problem()
    {
        File.Delete(_kit.JwksPath);
        var result = await _kit.ValidateAsync(_kit.Token());
        Assert.Equal(JwtFailureReason.KeysUnavailable, result.Failure);
        Assert.Contains("server-side", result.Message);
    }

    private JsonObject Header() => new() { ["alg"] = _kit.Signer.Algorithm, ["kid"] = _kit.Signer.KeyId };
}
