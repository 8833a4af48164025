using Greentic.ControlPlane.Tenancy;
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
}
