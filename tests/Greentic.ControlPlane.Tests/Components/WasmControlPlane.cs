using System.Text;
using Greentic.ControlPlane.Secrets;
using Greentic.ControlPlane.Tenancy;
using Greentic.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Greentic.ControlPlane.Tests.Components;

/// <summary>
/// A control plane whose tenants' packs carry real Wasm components, run in process through the default routes of
/// pack-declared providers (the routing policy has no rules). Tenant <c>acme</c>: our C samples (echo, hostio with state
/// granted, hostile) and upstream's real telegram component; tenant <c>globex</c>: echo only. acme's bot token and
/// hostio's token are in the secrets store; acme's egress allows loopback, where a fake Telegram Bot API listens, and
/// api.telegram.org, which egress resolves to a second fake serving https.
/// </summary>
public sealed class WasmControlPlane : PacksControlPlane
{
    public const string HostioSecret = "hostio_token";
    public const string HostioSecretValue = "hostio-secret-value";

    public FakeTelegramBotApi BotApi { get; private set; } = null!;

    /// <summary>The fake Bot API serving https for api.telegram.org, which egress resolves to it (send_payload uses that URL).</summary>
    public FakeTelegramBotApi TlsBotApi { get; private set; } = null!;

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        await base.ConfigureAsync(settings);
        BotApi = await FakeTelegramBotApi.StartAsync();
        TlsBotApi = await FakeTelegramBotApi.StartTlsAsync();
        settings["Greentic:Network:Tenants:acme:Domains:2"] = "api.telegram.org";
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddHttpClient(Greentic.ControlPlane.Components.TenantEgress.ClientName).ConfigurePrimaryHttpMessageHandler(() => TlsBotApi.Handler());
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var echo = SampleComponents.Bytes("echo");
        var acme = Builder.BuildProviderPack("acme.providers", "1.0.0",
        [
            new PackedProvider("sample.echo", "echo", echo),
            new PackedProvider("sample.hostio", "hostio", SampleComponents.Bytes("hostio"),
                "{wasi: {clocks: true, random: true}, host: {state: {read: true, write: true}, secrets: {required: []}, http: {client: true}}}"),
            new PackedProvider("sample.hostile", "hostile", SampleComponents.Bytes("hostile")),
            new PackedProvider("messaging.telegram.bot", "messaging-provider-telegram", File.ReadAllBytes(RepoPaths.UpstreamComponent("messaging-provider-telegram"))),
        ], secretKeys: ["TELEGRAM_BOT_TOKEN", HostioSecret]);
        var globex = Builder.BuildProviderPack("globex.providers", "1.0.0", [new PackedProvider("sample.echo", "echo", echo)]);
        PublishIndex(("acme", acme, []), ("globex", globex, []));
        await ReloadAsync(status => Loaded("acme", acme)(status) && Loaded("globex", globex)(status));

        var secrets = Services.GetRequiredService<ISecretsStore>();
        var scope = new TenantContext("dev", "acme");
        await secrets.PutAsync(SecretName.For(scope, "default", "TELEGRAM_BOT_TOKEN"), Encoding.UTF8.GetBytes(FakeTelegramBotApi.Token), CancellationToken.None);
        await secrets.PutAsync(SecretName.For(scope, "default", HostioSecret), Encoding.UTF8.GetBytes(HostioSecretValue), CancellationToken.None);
        await secrets.PutAsync(SecretName.For(scope, "default", "not_allowed"), "outside"u8.ToArray(), CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await BotApi.DisposeAsync();
        await TlsBotApi.DisposeAsync();
    }
}
