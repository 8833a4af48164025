using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tests.TestSupport;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class JwksProviderTests
{
    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(answer(request));
        }
    }

    private static readonly Uri Url = new("https://login.test/.well-known/jwks.json");

    [Fact]
    public async Task Https_jwks_is_fetched_once_and_cached_until_the_refresh_interval()
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(issuer.PublicJwksJson) });
        var time = new ManualTimeProvider();
        using var provider = new JwksProvider(new HttpJwksSource(new HttpClient(handler), Url, TimeSpan.FromSeconds(5)),
            TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), time);

        var keys = await provider.GetKeysAsync(CancellationToken.None);
        Assert.Single(keys.Keys);
        Assert.Equal(issuer.KeyId, keys.Keys[0].Kid);
        await provider.GetKeysAsync(CancellationToken.None);
        Assert.Equal(1, handler.Calls);

        time.Advance(TimeSpan.FromMinutes(11));
        await provider.GetKeysAsync(CancellationToken.None);
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task Failed_refresh_keeps_the_previous_keys_and_retries_no_sooner_than_the_minimum_interval()
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        var fail = false;
        var handler = new StubHandler(_ => fail
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(issuer.PublicJwksJson) });
        var time = new ManualTimeProvider();
        using var provider = new JwksProvider(new HttpJwksSource(new HttpClient(handler), Url, TimeSpan.FromSeconds(5)),
            TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), time);
        await provider.GetKeysAsync(CancellationToken.None);

        fail = true;
        time.Advance(TimeSpan.FromMinutes(11));
        var keys = await provider.GetKeysAsync(CancellationToken.None);
        Assert.Single(keys.Keys);
        Assert.Contains("503", provider.LastError);
        Assert.Equal(2, handler.Calls);

        // Stale and failing: no new attempt until the minimum interval has passed.
        await provider.GetKeysAsync(CancellationToken.None);
        await provider.RefreshForUnknownKidAsync("x", CancellationToken.None);
        Assert.Equal(2, handler.Calls);
        time.Advance(TimeSpan.FromSeconds(31));
        fail = false;
        await provider.GetKeysAsync(CancellationToken.None);
        Assert.Equal(3, handler.Calls);
        Assert.Null(provider.LastError);
    }

    [Fact]
    public async Task First_fetch_failure_throws_with_an_actionable_message()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"keys\": 5}") });
        using var provider = new JwksProvider(new HttpJwksSource(new HttpClient(handler), Url, TimeSpan.FromSeconds(5)),
            TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), new ManualTimeProvider());
        var ex = await Assert.ThrowsAsync<JwksUnavailableException>(() => provider.GetKeysAsync(CancellationToken.None).AsTask());
        Assert.Contains("'keys' must be an array", ex.Message);
    }

    [Fact]
    public async Task Oversized_response_is_refused()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream(new byte[FileJwksSource.MaxBytes + 10])),
        });
        var source = new HttpJwksSource(new HttpClient(handler), Url, TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<JwksUnavailableException>(() => source.FetchAsync(CancellationToken.None));
        Assert.Contains("more than", ex.Message);
    }

    [Fact]
    public void Plain_http_url_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new HttpJwksSource(new HttpClient(), new Uri("http://login.test/jwks"), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch()
    {
        var issuer = DevTokenIssuer.CreateEphemeral();
        var handler = new StubHandler(_ =>
        {
            Thread.Sleep(50);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(issuer.PublicJwksJson) };
        });
        using var provider = new JwksProvider(new HttpJwksSource(new HttpClient(handler), Url, TimeSpan.FromSeconds(5)),
            TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), new ManualTimeProvider());
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => provider.GetKeysAsync(CancellationToken.None).AsTask())));
        Assert.Equal(1, handler.Calls);
    }
}

public sealed class JsonWebKeyTests
{
    private static JsonWebKeySet Parse(string json) => JsonWebKeySet.Parse(System.Text.Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Small_rsa_keys_are_refused()
    {
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(false);
        var ex = Assert.Throws<FormatException>(() =>
            Parse($"{{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"{Base64Url.Encode(p.Modulus)}\",\"e\":\"{Base64Url.Encode(p.Exponent)}\"}}"));
        Assert.Contains("2048", ex.Message);
    }

    [Fact]
    public void Ec_point_off_the_curve_is_refused()
    {
        var x = Base64Url.Encode(new byte[32]);
        var y = Base64Url.Encode(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.Throws<FormatException>(() => Parse($"{{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"{x}\",\"y\":\"{y}\"}}"));
    }

    [Fact]
    public void Unusable_keys_are_skipped_with_a_reason()
    {
        var ed = DevTokenIssuer.CreateEphemeral();
        var set = Parse($$"""
            {"keys":[
              {"kty":"oct","k":"c2VjcmV0"},
              {"kty":"EC","crv":"P-384","x":"AA","y":"AA"},
              {"kty":"OKP","crv":"X25519","x":"AA"},
              {"kty":"RSA","use":"enc","n":"AA","e":"AQAB"},
              {"kty":"RSA","alg":"HS256","n":"AA","e":"AQAB"},
              {{ed.PublicJwkJson}}
            ]}
            """);
        Assert.Single(set.Keys);
        Assert.Equal(5, set.Skipped.Count);
    }

    [Fact]
    public void Kty_and_alg_must_agree()
    {
        var ed = DevTokenIssuer.CreateEphemeral();
        var json = ed.PublicJwkJson.Replace("\"alg\":\"EdDSA\"", "\"alg\":\"ES256\"");
        Assert.Throws<FormatException>(() => Parse(json));
    }

    [Fact]
    public void Private_members_are_ignored_and_thumbprint_matches_rfc7638_example()
    {
        // RFC 7638 §3.1 example key.
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        var set = Parse($"{{\"kty\":\"RSA\",\"n\":\"{n}\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\",\"d\":\"AA\"}}");
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", set.Keys[0].ComputeThumbprint());
    }

    [Fact]
    public void Garbage_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => Parse("not json"));
        Assert.Throws<FormatException>(() => Parse("[]"));
        Assert.Throws<FormatException>(() => Parse("{\"n\":\"x\"}"));
        Assert.Throws<FormatException>(() => Parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}"));
    }
}

public sealed class Base64UrlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("f")]
    [InlineData("fo")]
    [InlineData("foo")]
    [InlineData("foob")]
    public void Round_trips(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Assert.Equal(bytes, Base64Url.Decode(Base64Url.Encode(bytes)));
    }

    [Theory]
    [InlineData("Zg==")]
    [InlineData("a+b/")]
    [InlineData("Zm 9v")]
    [InlineData("Z")]
    [InlineData("Zh")] // non-canonical trailing bits for "f"
    public void Refuses_non_canonical_or_foreign_spellings(string text)
    {
        Assert.False(Base64Url.TryDecode(text, out _));
    }
}
