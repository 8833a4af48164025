using System.Text;
using Greentic.Gateway.Hosting;
using Greentic.Gateway.Tenancy;
using Microsoft.Extensions.Options;

namespace Greentic.Gateway.Tests.Limits;

public sealed class RequestTenantResolverTests
{
    private static string Bearer(string payloadJson) =>
        "Bearer eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payloadJson)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";

    private static RequestTenantResolver Resolver() =>
        new(new StaticOptionsMonitor(new GatewayOptions()));

    [Fact]
    public void A_remembered_token_gives_the_same_tenant_as_decoding_it_and_each_token_its_own()
    {
        var resolver = Resolver();
        var acme = Bearer("""{"sub":"a","tenant":"acme"}""");
        var globex = Bearer("""{"sub":"b","tenants":["globex","acme"]}""");
        var none = Bearer("""{"sub":"c"}""");

        for (var round = 0; round < 3; round++)
        {
            Assert.Equal("acme", resolver.CachedTenantFromBearer(acme));
            Assert.Equal("globex", resolver.CachedTenantFromBearer(globex));
            Assert.Null(resolver.CachedTenantFromBearer(none));
            Assert.Null(resolver.CachedTenantFromBearer("Bearer not-a-jwt"));
            Assert.Null(resolver.CachedTenantFromBearer(""));
        }
        Assert.Equal(RequestTenantResolver.TenantFromBearer(acme), resolver.CachedTenantFromBearer(acme));
    }

    [Fact]
    public void The_token_memory_is_bounded()
    {
        var resolver = Resolver();
        for (var i = 0; i < RequestTenantResolver.MaxCachedTokens * 2 + 10; i++)
        {
            Assert.Equal($"t{i}", resolver.CachedTenantFromBearer(Bearer($$"""{"sub":"s","tenant":"t{{i}}"}""")));
            Assert.True(resolver.CachedTokens <= RequestTenantResolver.MaxCachedTokens);
        }
    }

    private sealed class StaticOptionsMonitor(GatewayOptions value) : IOptionsMonitor<GatewayOptions>
    {
        public GatewayOptions CurrentValue => value;
        public GatewayOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<GatewayOptions, string?> listener) => null;
    }
}
