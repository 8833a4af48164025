using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Auth;

/// <summary>Settings that would weaken or confuse authentication are refused at start-up with a message naming them.</summary>
public sealed class AuthOptionsValidationTests
{
    private static OptionsValidationException Refused(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var sp = new ServiceCollection().AddLogging().AddGreenticAuth(configuration).BuildServiceProvider();
        return Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            _ = sp.GetRequiredService<IOptions<TenancyOptions>>().Value;
            _ = sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value;
            _ = sp.GetRequiredService<IOptions<ClientCertificateOptions>>().Value;
        });
    }

    private static Dictionary<string, string?> Jwks(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Greentic:Auth:Jwt:Issuer"] = "https://issuer.test",
            ["Greentic:Auth:Jwt:Audience"] = "greentic",
            ["Greentic:Auth:Jwt:JwksFile"] = "/etc/greentic/jwks.json",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Theory]
    [InlineData("HS256", "HMAC algorithms are never accepted")]
    [InlineData("hs512", "HMAC algorithms are never accepted")]
    [InlineData("none", "unsigned tokens are never accepted")]
    [InlineData("EdDSA", "supported: RS256, PS256, ES256")]
    [InlineData("RS512", "supported: RS256, PS256, ES256")]
    public void Allowed_algorithms_outside_the_asymmetric_allow_list_are_refused(string alg, string expected)
    {
        var ex = Refused(Jwks(("Greentic:Auth:Jwt:AllowedAlgorithms:0", "ES256"), ("Greentic:Auth:Jwt:AllowedAlgorithms:1", alg)));
        Assert.Contains($"AllowedAlgorithms contains '{alg}'", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("Greentic:Auth:Jwt:JwksUrl", "https://idp.test/jwks.json", "JwksFile and JwksUrl")]
    [InlineData("Greentic:Auth:Jwt:Authority", "https://idp.test", "JwksFile and Authority")]
    [InlineData("Greentic:Auth:Jwt:MetadataAddress", "https://idp.test/.well-known/openid-configuration", "JwksFile and MetadataAddress")]
    public void Two_key_sources_at_once_are_refused(string key, string value, string expected)
    {
        var ex = Refused(Jwks((key, value)));
        Assert.Contains("set one key source", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("JwksUrl", "http://idp.test/jwks.json")]
    [InlineData("Authority", "http://idp.test")]
    [InlineData("MetadataAddress", "http://10.0.0.7/.well-known/openid-configuration")]
    [InlineData("JwksUrl", "idp.test/jwks.json")]
    [InlineData("Authority", "ftp://idp.test")]
    public void Key_urls_must_be_https_unless_on_loopback(string setting, string url)
    {
        var ex = Refused(Jwks(("Greentic:Auth:Jwt:JwksFile", null), ($"Greentic:Auth:Jwt:{setting}", url)));
        Assert.Contains($"Greentic:Auth:Jwt:{setting} must be an absolute https URL (http only on loopback)", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/jwks.json")]
    [InlineData("http://localhost:8080/jwks.json")]
    [InlineData("http://[::1]:8080/jwks.json")]
    [InlineData("https://idp.example.com/jwks.json")]
    public void Https_and_loopback_key_urls_are_accepted(string url)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Jwks(("Greentic:Auth:Jwt:JwksFile", null), ("Greentic:Auth:Jwt:JwksUrl", url))).Build();
        using var sp = new ServiceCollection().AddLogging().AddGreenticAuth(configuration).BuildServiceProvider();
        Assert.Equal(url, sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value.JwksUrl);
    }

    [Theory]
    [InlineData("TENANT_RESOLVER", "cookie", "TENANT_RESOLVER 'cookie'")]
    [InlineData("DEFAULT_TENANT", "a.b", "DEFAULT_TENANT 'a.b' is invalid")]
    [InlineData("GREENTIC_ENV", "pr od", "GREENTIC_ENV 'pr od' is invalid")]
    [InlineData("Greentic:Auth:Jwt:ClockSkew", "01:00:00", "ClockSkew must be between 0 and 300s")]
    [InlineData("Greentic:Auth:Jwt:MaxTokenLength", "100", "MaxTokenLength")]
    [InlineData("Greentic:Auth:Jwt:JwksRefreshInterval", "00:00:00", "JWKS intervals and timeout must be positive")]
    [InlineData("Greentic:Auth:ClientCertificates:TrustedCaFile", "/nonexistent/ca.pem", "TrustedCaFile '/nonexistent/ca.pem' does not exist")]
    [InlineData("Greentic:Auth:ClientCertificates:Mappings:0:Thumbprint", "abc", "must set exactly one of")]
    public void Bad_settings_fail_with_a_message_naming_them(string key, string value, string expected)
    {
        var settings = Jwks((key, value));
        if (key.Contains(":Mappings:", StringComparison.Ordinal)) settings["Greentic:Auth:ClientCertificates:Mappings:0:SanUri"] = "spiffe://x/{tenant}";
        Assert.Contains(expected, Refused(settings).Message);
    }

    [Fact]
    public void A_key_source_without_issuer_and_audience_is_refused()
    {
        var ex = Refused(new() { ["Greentic:Auth:Jwt:JwksFile"] = "/tmp/x.json" });
        Assert.Contains("Issuer is required", ex.Message);
        Assert.Contains("Audience is required", ex.Message);
    }
}
