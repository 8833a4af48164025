using Greentic.ControlPlane.Tenancy;
using Greentic.ControlPlane.Auth;
using Microsoft.Extensions.Logging;

namespace Greentic.ControlPlane.Tests.Tenancy;

public sealed class TenantAuthorizerTests
{
    private readonly TenantAuthorizer _authorizer = new();
    private static TenantContext Ctx(string tenant, string? team = null) => new("dev", tenant, team);

    [Fact]
    public void No_principal_is_unauthenticated_with_a_hint()
    {
        var d = _authorizer.Authorize(null, Ctx("acme"));
        Assert.Equal(AuthStatus.Unauthenticated, d.Status);
        Assert.Equal(401, d.HttpStatusCode);
        Assert.Contains("Bearer", d.Message);
    }

    [Fact]
    public void Granted_tenant_is_allowed_and_others_denied()
    {
        var p = new Principal("alice", AuthenticationMethod.Jwt, ["acme"]);
        Assert.True(_authorizer.Authorize(p, Ctx("acme")).Allowed);
        Assert.True(_authorizer.Authorize(p, Ctx("acme", "any-team")).Allowed);
        var denied = _authorizer.Authorize(p, Ctx("globex"));
        Assert.Equal(AuthStatus.PermissionDenied, denied.Status);
        Assert.Equal(403, denied.HttpStatusCode);
        Assert.Contains("'alice' is not granted tenant 'globex'", denied.Message);
    }

    [Fact]
    public void Team_restricted_principal_needs_a_granted_team()
    {
        var p = new Principal("bob", AuthenticationMethod.Jwt, ["acme", "globex"], teams: ["acme/support", "ops"]);
        Assert.True(_authorizer.Authorize(p, Ctx("acme", "support")).Allowed);
        Assert.True(_authorizer.Authorize(p, Ctx("acme", "ops")).Allowed);
        Assert.True(_authorizer.Authorize(p, Ctx("globex", "ops")).Allowed);
        Assert.False(_authorizer.Authorize(p, Ctx("globex", "support")).Allowed);

        var noTeam = _authorizer.Authorize(p, Ctx("acme"));
        Assert.Equal(AuthStatus.PermissionDenied, noTeam.Status);
        Assert.Contains("set the team", noTeam.Message);

        var otherTeam = _authorizer.Authorize(p, Ctx("acme", "sales"));
        Assert.Contains("not granted team 'sales'", otherTeam.Message);
    }

    [Fact]
    public void Admin_operations_need_the_role_and_the_role_never_bypasses_tenancy()
    {
        var user = new Principal("u", AuthenticationMethod.Jwt, ["acme"]);
        var admin = new Principal("a", AuthenticationMethod.Jwt, ["acme"], roles: [GreenticRoles.Admin]);
        var d = _authorizer.Authorize(user, Ctx("acme"), GreenticRoles.Admin, "AdminService/Reload");
        Assert.Equal(AuthStatus.PermissionDenied, d.Status);
        Assert.Contains("'AdminService/Reload' requires role 'admin'", d.Message);
        Assert.True(_authorizer.Authorize(admin, Ctx("acme"), GreenticRoles.Admin).Allowed);
        Assert.False(_authorizer.Authorize(admin, Ctx("globex"), GreenticRoles.Admin).Allowed);
    }

    [Fact]
    public void Long_grant_lists_are_truncated_in_messages()
    {
        var p = new Principal("many", AuthenticationMethod.Jwt, Enumerable.Range(0, 30).Select(i => $"t{i:00}"));
        var d = _authorizer.Authorize(p, Ctx("acme"));
        Assert.Contains("and 20 more", d.Message);
    }

    [Fact]
    public void Denials_are_logged()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        new TenantAuthorizer(factory.CreateLogger<TenantAuthorizer>()).Authorize(null, Ctx("acme"));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1001 && e.Message.Contains("acme"));
    }
}

public sealed class TenantContextTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("Acme-1_x")]
    [InlineData("0")]
    public void Valid_identifiers(string id) => Assert.True(TenantContext.IsValidIdentifier(id));

    [Theory]
    [InlineData("")]
    [InlineData("-acme")]
    [InlineData("_")]
    [InlineData("ac.me")]
    [InlineData("ac:me")]
    [InlineData("ac/me")]
    [InlineData("ac me")]
    [InlineData("acmé")]
    public void Invalid_identifiers(string id) => Assert.False(TenantContext.IsValidIdentifier(id));

    [Fact]
    public void Constructor_names_the_broken_field()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TenantContext("dev", "ac.me"));
        Assert.Contains("tenant 'ac.me' is invalid", ex.Message);
        Assert.Throws<ArgumentException>(() => new TenantContext("dev", "acme", "t", "bad\nuser"));
        Assert.Throws<ArgumentException>(() => new TenantContext("", "acme"));
        Assert.False(TenantContext.TryCreate("dev", null, null, null, out _, out var error));
        Assert.Equal("tenant is required", error);
    }

    [Fact]
    public void Users_may_be_emails_and_tenant_scope_drops_team_and_user()
    {
        var ctx = new TenantContext("dev", "acme", "support", "alice@example.com");
        Assert.Equal(new TenantContext("dev", "acme"), ctx.TenantScope);
        Assert.Equal(new TenantContext("dev", "acme", "support", "alice@example.com"), ctx);
    }
}
