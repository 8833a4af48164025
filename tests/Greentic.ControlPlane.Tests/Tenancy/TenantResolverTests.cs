using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Tests.Tenancy;

public sealed class TenantResolverTests
{
    private static TenantResolution Resolve(TenantResolverMode mode, string? host = null, Dictionary<string, string>? headers = null,
        Principal? principal = null, string? hostSuffix = null)
    {
        var options = new TenancyOptions { Env = "prod", DefaultTenant = "demo", Resolver = mode, HostSuffix = hostSuffix };
        var resolver = new TenantResolver(TestOptions.Monitor(options));
        return resolver.Resolve(new TenantResolutionRequest(host, n => headers?.GetValueOrDefault(n), principal));
    }

    [Fact]
    public void Env_mode_always_uses_the_default_tenant()
    {
        var r = Resolve(TenantResolverMode.Env, "acme.example.com", new() { ["x-greentic-tenant"] = "acme" });
        Assert.Equal(new TenantContext("prod", "demo"), r.Context);
    }

    [Theory]
    [InlineData("acme.greentic.example.com", null, "acme")]
    [InlineData("acme.greentic.example.com:8443", null, "acme")]
    [InlineData("ACME.example.com.", null, "acme")]
    [InlineData("localhost:8080", null, "demo")]
    [InlineData("127.0.0.1:8080", null, "demo")]
    [InlineData("[::1]:8080", null, "demo")]
    [InlineData(null, null, "demo")]
    [InlineData("acme.greentic.io", "greentic.io", "acme")]
    [InlineData("a.b.greentic.io", "greentic.io", "demo")]
    [InlineData("acme.other.io", "greentic.io", "demo")]
    [InlineData("greentic.io", "greentic.io", "demo")]
    public void Host_mode_takes_the_first_label(string? host, string? suffix, string expected)
    {
        Assert.Equal(expected, Resolve(TenantResolverMode.Host, host, hostSuffix: suffix).Context!.Tenant);
    }

    [Fact]
    public void Host_mode_refuses_unusable_labels()
    {
        var r = Resolve(TenantResolverMode.Host, "-bad.example.com");
        Assert.False(r.Succeeded);
        Assert.Equal(AuthStatus.InvalidArgument, r.Decision.Status);
    }

    [Fact]
    public void Header_mode_reads_tenant_team_and_user()
    {
        var r = Resolve(TenantResolverMode.Header, headers: new()
        {
            ["x-greentic-tenant"] = "acme",
            ["x-greentic-team"] = "support",
            ["x-greentic-user"] = "u@example.com",
        });
        Assert.Equal(new TenantContext("prod", "acme", "support", "u@example.com"), r.Context);
        Assert.Equal("demo", Resolve(TenantResolverMode.Header).Context!.Tenant);

        var bad = Resolve(TenantResolverMode.Header, headers: new() { ["x-greentic-tenant"] = "../etc" });
        Assert.Equal(AuthStatus.InvalidArgument, bad.Decision.Status);
        Assert.Contains("x-greentic-tenant", bad.Decision.Message);
    }

    [Fact]
    public void Jwt_mode_uses_the_verified_principal()
    {
        Assert.Equal(AuthStatus.Unauthenticated, Resolve(TenantResolverMode.Jwt).Decision.Status);

        var single = new Principal("a", AuthenticationMethod.Jwt, ["acme"], teams: ["acme/support"]);
        Assert.Equal(new TenantContext("prod", "acme", "support"), Resolve(TenantResolverMode.Jwt, principal: single).Context);

        var several = new Principal("a", AuthenticationMethod.Jwt, ["acme", "globex"]);
        var ambiguous = Resolve(TenantResolverMode.Jwt, principal: several);
        Assert.Equal(AuthStatus.InvalidArgument, ambiguous.Decision.Status);
        Assert.Contains("several tenants", ambiguous.Decision.Message);

        var withDefault = new Principal("a", AuthenticationMethod.Jwt, ["acme", "globex"], defaultTenant: "globex");
        Assert.Equal("globex", Resolve(TenantResolverMode.Jwt, principal: withDefault).Context!.Tenant);
    }

    [Fact]
    public void Resolution_from_a_header_does_not_grant_access()
    {
        var r = Resolve(TenantResolverMode.Header, headers: new() { ["x-greentic-tenant"] = "globex" });
        var p = new Principal("a", AuthenticationMethod.Jwt, ["acme"]);
        Assert.False(new TenantAuthorizer().Authorize(p, r.Context!).Allowed);
    }
}
