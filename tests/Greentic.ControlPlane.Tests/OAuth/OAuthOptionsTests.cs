using Greentic.ControlPlane.OAuth;
using Greentic.ControlPlane.Secrets;
using Microsoft.Extensions.Options;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>Start-up validation of <c>Greentic:OAuth</c>: each mistake is named by the key that fixes it.</summary>
public sealed class OAuthOptionsTests
{
    private static readonly string SecretsKey = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void A_complete_provider_passes_and_no_provider_needs_no_key()
    {
        Assert.True(Validate(Options(Provider()), secretsKey: SecretsKey).Succeeded);
        Assert.True(Validate(new OAuthOptions(), secretsKey: null).Succeeded);
    }

    public static TheoryData<string, string> Mistakes() => new()
    {
        { "no client id", "Greentic:OAuth:Tenants:acme:Providers:op:ClientId is required" },
        { "no endpoints", "Greentic:OAuth:Tenants:acme:Providers:op: set Authority (OpenID discovery) or both AuthorizationEndpoint and TokenEndpoint" },
        { "http authority", "Greentic:OAuth:Tenants:acme:Providers:op:Authority 'http://idp.example.com' must use https (http only on a loopback host)" },
        { "no redirect base", "Greentic:OAuth:Tenants:acme:Providers:op:RedirectBase is required" },
        { "bad secret name", "Greentic:OAuth:Tenants:acme:Providers:op:ClientSecretName must be 'category/name' or 'name'" },
        { "reserved parameter", "Greentic:OAuth:Tenants:acme:Providers:op:AuthorizeParameters:redirect_uri is set by the broker itself" },
        { "bad tenant", "Greentic:OAuth:Tenants:bad.tenant: 'bad.tenant' is not a tenant identifier" },
        { "no key", "the OAuth broker needs a key to encrypt token sets and sign consent states: set GREENTIC_OAUTH_KEY" },
        { "short key", "GREENTIC_OAUTH_KEY (Greentic:OAuth:Key) decodes to 16 bytes; it must be exactly 32" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Mistakes_are_named_by_their_key(string what, string message)
    {
        var provider = Provider();
        var options = Options(provider);
        string? secretsKey = SecretsKey;
        switch (what)
        {
            case "no client id": provider.ClientId = ""; break;
            case "no endpoints": provider.Authority = null; break;
            case "http authority": provider.Authority = "http://idp.example.com"; break;
            case "no redirect base": provider.RedirectBase = ""; break;
            case "bad secret name": provider.ClientSecretName = "a/b/c"; break;
            case "reserved parameter": provider.AuthorizeParameters["redirect_uri"] = "x"; break;
            case "bad tenant": options.Tenants["bad.tenant"] = options.Tenants["acme"]; break;
            case "no key": secretsKey = null; break;
            case "short key": options.Key = Convert.ToBase64String(new byte[16]); break;
        }
        var result = Validate(options, secretsKey);
        Assert.True(result.Failed, what);
        Assert.Contains(result.Failures!, f => f.Contains(message, StringComparison.Ordinal));
    }

    private static OAuthProviderOptions Provider() => new()
    {
        Authority = "https://idp.example.com", ClientId = "greentic", ClientSecretName = "oauth/idp", RedirectBase = "https://app.example.com",
        Scopes = ["openid"],
    };

    private static OAuthOptions Options(OAuthProviderOptions provider)
    {
        var options = new OAuthOptions();
        options.Tenants["acme"] = new OAuthTenantOptions { Providers = { ["op"] = provider } };
        return options;
    }

    private static ValidateOptionsResult Validate(OAuthOptions options, string? secretsKey) =>
        new OAuthOptionsValidator(Microsoft.Extensions.Options.Options.Create(new SecretsOptions { Key = secretsKey })).Validate(null, options);
}
