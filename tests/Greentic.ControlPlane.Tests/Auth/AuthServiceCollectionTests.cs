using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class AuthServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddGreenticAuth(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Upstream_variable_names_win_over_the_section()
    {
        using var sp = Build(new()
        {
            ["Greentic:Tenancy:DefaultTenant"] = "from-section",
            ["Greentic:Tenancy:Env"] = "staging",
            ["DEFAULT_TENANT"] = "acme",
            ["TENANT_RESOLVER"] = "Header",
            ["ADMIN_TOKEN"] = "t0k",
        });
        var tenancy = sp.GetRequiredService<IOptions<TenancyOptions>>().Value;
        Assert.Equal("acme", tenancy.DefaultTenant);
        Assert.Equal("staging", tenancy.Env);
        Assert.Equal(TenantResolverMode.Header, tenancy.Resolver);
        Assert.Equal("t0k", sp.GetRequiredService<IOptions<AdminOptions>>().Value.Token);
        Assert.NotNull(sp.GetRequiredService<TenantResolver>());
        Assert.NotNull(sp.GetRequiredService<AdminAuthenticator>());
        Assert.NotNull(sp.GetRequiredService<TenantAuthorizer>());
        Assert.NotNull(sp.GetRequiredService<ClientCertificateAuthenticator>());
    }

    [Theory]
    [InlineData("TENANT_RESOLVER", "cookie", "TENANT_RESOLVER 'cookie'")]
    [InlineData("DEFAULT_TENANT", "a.b", "DEFAULT_TENANT 'a.b' is invalid")]
    [InlineData("Greentic:Auth:Jwt:AllowedAlgorithms:0", "HS256", "HMAC")]
    [InlineData("Greentic:Auth:Jwt:AllowedAlgorithms:0", "none", "unsigned")]
    [InlineData("Greentic:Auth:Jwt:ClockSkew", "01:00:00", "ClockSkew")]
    [InlineData("Greentic:Auth:Jwt:JwksUrl", "http://idp.test/jwks", "https")]
    public void Bad_settings_fail_with_a_message_naming_them(string key, string value, string expected)
    {
        using var sp = Build(new() { [key] = value, ["Greentic:Auth:Jwt:Issuer"] = "i", ["Greentic:Auth:Jwt:Audience"] = "a" });
        var ex = Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            _ = sp.GetRequiredService<IOptions<TenancyOptions>>().Value;
            _ = sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value;
        });
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Jwks_without_issuer_and_audience_is_refused()
    {
        using var sp = Build(new() { ["Greentic:Auth:Jwt:JwksFile"] = "/tmp/x.json" });
        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<JwtValidationOptions>>().Value);
        Assert.Contains("Issuer is required", ex.Message);
        Assert.Contains("Audience is required", ex.Message);
    }

    [Fact]
    public async Task Validator_from_di_reports_unconfigured_jwt_clearly()
    {
        using var sp = Build(new());
        var result = await sp.GetRequiredService<JwtValidator>().ValidateAsync(
            DevTokenIssuer.CreateEphemeral().Issue(new DevTokenRequest { Tenants = ["demo"] }), CancellationToken.None);
        Assert.Equal(JwtFailureReason.KeysUnavailable, result.Failure);
        Assert.Contains("not configured", result.Message);
    }

    [Fact]
    public async Task Validator_from_di_accepts_a_dev_token()
    {
        var dir = Directory.CreateTempSubdirectory("greentic-auth-di-");
        try
        {
            var issuer = DevTokenIssuer.LoadOrCreate(Path.Combine(dir.FullName, "dev.json"));
            using var sp = Build(new()
            {
                ["Greentic:Auth:Jwt:JwksFile"] = Path.Combine(dir.FullName, "dev.json"),
                ["Greentic:Auth:Jwt:Issuer"] = DevTokenIssuer.DefaultIssuer,
                ["Greentic:Auth:Jwt:Audience"] = DevTokenIssuer.DefaultAudience,
            });
            var result = await sp.GetRequiredService<JwtValidator>().ValidateAsync(
                issuer.Issue(new DevTokenRequest { Tenants = ["demo"] }), CancellationToken.None);
            Assert.True(result.Succeeded, result.Message);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
