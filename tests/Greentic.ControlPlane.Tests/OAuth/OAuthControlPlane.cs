using Greentic.ControlPlane.Auth;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Greentic.Oauth.V1;
using Greentic.Types.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// A control plane whose tenants <c>acme</c> and <c>globex</c> both use OAuth provider <c>op</c>: a real OpenID Provider
/// (<see cref="OidcProvider"/>, access tokens for <see cref="AccessTokenTtl"/>) found by discovery, the client secret in
/// each tenant's secrets, default scopes <c>openid offline_access</c> and <c>prompt=consent</c> (so refresh tokens are
/// issued). Time is a <see cref="ManualTimeProvider"/> the tests move: expiry without waiting.
/// </summary>
public class OAuthControlPlane : InProcessControlPlane
{
    public const string Provider = "op";
    public const string RedirectPath = "/oauth/callback/op";
    public const string OtherRedirectPath = "/oauth/callback/other";
    public const string ClientSecretName = "oauth/op_client_secret";
    public static readonly TimeSpan AccessTokenTtl = TimeSpan.FromMinutes(5);
    public static readonly TenantCtx Acme = new() { Env = "dev", Tenant = "acme" };
    public static readonly TenantCtx Globex = new() { Env = "dev", Tenant = "globex" };

    public OidcProvider Op { get; private set; } = null!;

    /// <summary>Where the routing policy sends provider <c>oauth.caller</c> (a test starts <see cref="OAuthCallingSidecar"/> there).</summary>
    public string SidecarSocket => Path.Combine(Dir, "oauth-sidecar.sock");

    protected override string RoutesYaml => Routes + $$"""

          - name: oauth-caller
            match: { provider_type: oauth.caller }
            binding: { transport: sidecar, target: "unix://{{SidecarSocket}}", timeout: 30s }
        """;
    public ManualTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        Op = await OidcProvider.StartAsync([RedirectPath, OtherRedirectPath], AccessTokenTtl);
        foreach (var tenant in new[] { "acme", "globex" })
        {
            var key = $"Greentic:OAuth:Tenants:{tenant}:Providers:{Provider}";
            settings[$"{key}:Authority"] = Op.Issuer;
            settings[$"{key}:ClientId"] = OidcProvider.ClientId;
            settings[$"{key}:ClientSecretName"] = ClientSecretName;
            settings[$"{key}:Scopes:0"] = "openid";
            settings[$"{key}:Scopes:1"] = "offline_access";
            settings[$"{key}:RedirectBase"] = Op.RedirectBase;
            settings[$"{key}:AuthorizeParameters:prompt"] = "consent";
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        base.ConfigureServices(services);
    }

    protected override async Task StartedAsync()
    {
        var secrets = Services.GetRequiredService<ISecretsStore>();
        foreach (var tenant in new[] { "acme", "globex" })
            await secrets.PutAsync(SecretName.For(new TenantContext("dev", tenant), "oauth", "op_client_secret"),
                System.Text.Encoding.UTF8.GetBytes(Op.ClientSecret), CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Op is not null) await Op.DisposeAsync();
    }

    public OAuthBrokerService.OAuthBrokerServiceClient Broker(Greentic.Providers.Channels.TargetChannel channel) => new(channel.Invoker);

    public Metadata User(string tenant) => Bearer(Token(tenant));

    /// <summary>Consent URL → the OP's login and consent as <paramref name="account"/> → the redirect's code and state.</summary>
    public async Task<(string Code, string State)> ConsentAsync(OAuthBrokerService.OAuthBrokerServiceClient broker, TenantCtx ctx, string subject,
        string account, string redirectPath = RedirectPath)
    {
        var url = (await broker.GetConsentUrlAsync(new GetConsentUrlRequest
        {
            Ctx = ctx, ProviderId = Provider, Subject = subject, RedirectPath = redirectPath,
        }, User(ctx.Tenant))).Url;
        return OidcProvider.CodeAndState(await Op.AuthorizeAsync(url, account));
    }
}

[CollectionDefinition(Name)]
public sealed class OAuthCollection : ICollectionFixture<OAuthControlPlane>
{
    public const string Name = "oauth control plane";
}
