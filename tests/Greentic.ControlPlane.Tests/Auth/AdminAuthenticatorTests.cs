using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Tests.Auth;

public sealed class AdminAuthenticatorTests
{
    private static AdminAuthenticator Create(string? token) => new(TestOptions.Monitor(new AdminOptions { Token = token }));

    [Fact]
    public void Without_admin_token_only_loopback_is_admitted()
    {
        var admin = Create(null);
        Assert.True(admin.Authenticate(null, System.Net.IPAddress.Loopback).Succeeded);
        Assert.True(admin.Authenticate(null, System.Net.IPAddress.IPv6Loopback).Succeeded);
        Assert.True(admin.Authenticate(null, System.Net.IPAddress.Parse("::ffff:127.0.0.1")).Succeeded);
        Assert.True(admin.Authenticate(null, null).Succeeded);
        var remote = admin.Authenticate("Bearer whatever", System.Net.IPAddress.Parse("10.1.2.3"));
        Assert.Equal(AuthStatus.PermissionDenied, remote.Decision.Status);
        Assert.Contains("ADMIN_TOKEN", remote.Decision.Message);
    }

    [Fact]
    public void With_admin_token_the_bearer_is_required_even_on_loopback()
    {
        var admin = Create("s3cret-admin-token");
        Assert.Equal(AuthStatus.Unauthenticated, admin.Authenticate(null, System.Net.IPAddress.Loopback).Decision.Status);
        Assert.Equal(AuthStatus.Unauthenticated, admin.Authenticate("Basic abc", System.Net.IPAddress.Loopback).Decision.Status);
        var wrong = admin.Authenticate("Bearer s3cret-admin-tokeN", System.Net.IPAddress.Loopback);
        Assert.False(wrong.Succeeded);
        Assert.DoesNotContain("s3cret", wrong.Decision.Message);
        Assert.False(admin.Authenticate("Bearer s3cret-admin-token-longer", null).Succeeded);
        var ok = admin.Authenticate("bearer  s3cret-admin-token ", System.Net.IPAddress.Parse("10.1.2.3"));
        Assert.True(ok.Succeeded);
        Assert.True(ok.Principal!.IsInRole(GreenticRoles.Admin));
        Assert.Equal(AuthenticationMethod.AdminToken, ok.Principal.Method);
    }

    [Fact]
    public void Http_context_overload_reads_header_and_peer()
    {
        var admin = Create("tok");
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("192.0.2.1");
        Assert.False(admin.Authenticate(http).Succeeded);
        http.Request.Headers.Authorization = "Bearer tok";
        Assert.True(admin.Authenticate(http).Succeeded);
    }
}
