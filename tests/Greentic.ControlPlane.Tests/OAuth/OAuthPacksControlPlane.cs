using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Greentic.Packs.Building;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.OAuth;

/// <summary>
/// A <see cref="PacksControlPlane"/> where tenant <c>acme</c> (only) has OAuth provider <c>op</c>, a real OpenID
/// Provider, and <see cref="BuildPack"/> makes a signed pack around the <c>oauthclient</c> sample component: provider
/// <c>oauth.sample</c> on a component whose manifest declares <c>host.oauth</c>, and <c>oauth.undeclared</c> on the same
/// bytes without it.
/// </summary>
public sealed class OAuthPacksControlPlane : PacksControlPlane
{
    public OidcProvider Op { get; private set; } = null!;

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await base.ConfigureAsync(settings);
        Op = await OidcProvider.StartAsync([OAuthControlPlane.RedirectPath], OAuthControlPlane.AccessTokenTtl);
        const string key = "Greentic:OAuth:Tenants:acme:Providers:op";
        settings[$"{key}:Authority"] = Op.Issuer;
        settings[$"{key}:ClientId"] = OidcProvider.ClientId;
        settings[$"{key}:ClientSecretName"] = OAuthControlPlane.ClientSecretName;
        settings[$"{key}:Scopes:0"] = "openid";
        settings[$"{key}:Scopes:1"] = "offline_access";
        settings[$"{key}:RedirectBase"] = Op.RedirectBase;
        settings[$"{key}:AuthorizeParameters:prompt"] = "consent";
    }

    protected override async Task StartedAsync() =>
        await Services.GetRequiredService<ISecretsStore>().PutAsync(SecretName.For(new TenantContext("dev", "acme"), "oauth", "op_client_secret"),
            System.Text.Encoding.UTF8.GetBytes(Op.ClientSecret), CancellationToken.None);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Op is not null) await Op.DisposeAsync();
    }

    public BuiltPack BuildPack()
    {
        var dir = Path.Combine(Dir, "oauth-pack-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "components"));
        var wasm = SampleComponents.Bytes("oauthclient");
        foreach (var id in new[] { "oauthclient", "oauthclient-plain" })
            File.WriteAllBytes(Path.Combine(dir, "components", id + ".wasm"), wasm);
        File.WriteAllText(Path.Combine(dir, "pack.yaml"), """
            pack_id: greentic.oauth.sample
            version: 1.0.0
            kind: provider
            publisher: greentic-tests
            components:
              - id: oauthclient
                world: greentic:provider/schema-core@1.0.0
                supports: [messaging]
                capabilities:
                  wasi: {clocks: false, random: false}
                  host: {oauth: {providers: [op]}}
                operations: [consent, exchange, token]
              - id: oauthclient-plain
                world: greentic:provider/schema-core@1.0.0
                supports: [messaging]
                capabilities:
                  wasi: {clocks: false, random: false}
                  host: {}
                operations: [consent, exchange, token]
            providers:
              - provider_type: oauth.sample
                capabilities: [oauth]
                ops: [consent, exchange, token]
                runtime: {component_ref: oauthclient, export: schema-core-api, world: greentic:provider/schema-core@1.0.0}
              - provider_type: oauth.undeclared
                capabilities: [oauth]
                ops: [consent, exchange, token]
                runtime: {component_ref: oauthclient-plain, export: schema-core-api, world: greentic:provider/schema-core@1.0.0}
            """);
        var bytes = PackBuilder.BuildToFile(dir, dir + ".gtpack", PackKey);
        return new BuiltPack("greentic.oauth.sample", "1.0.0", bytes, new Dictionary<string, byte[]> { ["oauthclient"] = wasm, ["oauthclient-plain"] = wasm });
    }
}
