using Google.Protobuf;
using Greentic.ControlPlane.Auth;
using Greentic.Provider.V1;
using Greentic.Types.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.Auth.TokenCache;

/// <summary>
/// A token the control plane has validated (and cached) is still refused once it expires, and once the key that signed
/// it is no longer in the JWKS — the cache never outlives the token or its key. Real calls, real JwtBearer.
/// </summary>
public sealed class CachedTokenRefusalTests
{
    private static readonly InvokeRequest Echo = new()
    {
        Ctx = new TenantCtx { Env = "dev", Tenant = "acme" }, ProviderType = "echo", Op = "echo", InputJson = ByteString.CopyFromUtf8("{}"),
    };

    /// <summary>A fresh control plane per test (a test changes its JWKS), stopped however the test ends.</summary>
    private static async Task WithControlPlaneAsync(Func<TokenCacheControlPlane, Task> test)
    {
        var cp = new TokenCacheControlPlane();
        try
        {
            await cp.InitializeAsync();
            await test(cp);
        }
        finally
        {
            await cp.DisposeAsync();
        }
    }

    private static async Task<StatusCode> CallAsync(InProcessControlPlane cp, string token)
    {
        using var channel = cp.Channel();
        try
        {
            await new ProviderService.ProviderServiceClient(channel.Invoker).InvokeAsync(Echo, InProcessControlPlane.Bearer(token));
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    [Fact]
    public Task A_token_is_validated_once_then_served_from_the_cache() => WithControlPlaneAsync(async cp =>
    {
        var handler = Assert.IsType<CachingJsonWebTokenHandler>(
            cp.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(GreenticAuthenticationSchemes.Bearer).TokenHandlers.Single());
        var token = cp.Token("acme");
        for (var i = 0; i < 3; i++) Assert.Equal(StatusCode.OK, await CallAsync(cp, token));
        Assert.Equal(1, handler.Cache.Count);
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(cp, token[..^4] + "AAAA"));
        Assert.Equal(1, handler.Cache.Count);
    });

    [Fact]
    public Task A_cached_token_is_refused_once_it_expires() => WithControlPlaneAsync(async cp =>
    {
        var issuedAt = DateTimeOffset.UtcNow;
        var token = cp.Issuer.Issue(new DevTokenRequest { Subject = "short-lived", Tenants = ["acme"], IssuedAt = issuedAt, Lifetime = TimeSpan.FromSeconds(3) });
        Assert.Equal(StatusCode.OK, await CallAsync(cp, token));
        Assert.Equal(StatusCode.OK, await CallAsync(cp, token));

        // exp is whole seconds: wait until it has certainly passed.
        var exp = DateTimeOffset.FromUnixTimeSeconds((issuedAt + TimeSpan.FromSeconds(3)).ToUnixTimeSeconds());
        var wait = exp + TimeSpan.FromSeconds(1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        Assert.Equal(StatusCode.Unauthenticated, await CallAsync(cp, token));
    });

    [Fact]
    public Task A_cached_token_is_refused_once_its_key_leaves_the_JWKS() => WithControlPlaneAsync(async cp =>
    {
        var token = cp.Token("acme");
        Assert.Equal(StatusCode.OK, await CallAsync(cp, token));
        Assert.Equal(StatusCode.OK, await CallAsync(cp, token));

        using var successor = DevTokenIssuer.CreateEphemeral();
        await successor.WritePublicJwksAsync(cp.JwksFile, CancellationToken.None);
        var keys = cp.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(GreenticAuthenticationSchemes.Bearer).ConfigurationManager!;
        var refused = false;
        for (var attempt = 0; attempt < 60 && !refused; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            keys.RequestRefresh();
            refused = await CallAsync(cp, token) == StatusCode.Unauthenticated;
        }
        Assert.True(refused, "the token signed by the revoked key was still accepted a minute after the JWKS changed");
        Assert.Equal(StatusCode.OK, await CallAsync(cp, successor.Issue(new DevTokenRequest { Subject = "next", Tenants = ["acme"] })));
    });
}
