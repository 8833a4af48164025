using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Greentic.Gateway.Tests.Support;
using Greentic.Gateway.Webhooks.Secrets;

namespace Greentic.Gateway.Tests.Webhooks;

/// <summary>
/// One gateway for the webhook tests, dispatching to a real grpc-dotnet control-plane stand-in that holds
/// tenant "acme"'s secrets and a Bot Framework OpenID issuer on loopback. Telegram, Slack, Teams, WhatsApp and
/// Webex bindings list ingest_http; WebChat's does not (the gateway then publishes the canonical envelope itself).
/// </summary>
public sealed class WebhookFixture : IAsyncLifetime
{
    public const string Tenant = "acme";
    public const string TelegramSecret = "tg-secret-token_0123456789";
    public const string SlackSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string WhatsAppVerifyToken = "meatyhamhock";
    public const string WhatsAppAppSecret = "whatsapp-app-secret-4f2a";
    public const string WebexSecret = "webex-webhook-secret-91c3";
    public const string BotAppId = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";

    public ControlPlaneStandIn ControlPlane { get; private set; } = null!;
    public BotFrameworkIssuer BotFramework { get; private set; } = null!;
    public GatewayUnderTest Gateway { get; private set; } = null!;

    public static IEnumerable<string> AllSecrets => [TelegramSecret, SlackSecret, WhatsAppVerifyToken, WhatsAppAppSecret, WebexSecret];

    public async Task InitializeAsync()
    {
        ControlPlane = await ControlPlaneStandIn.StartAsync();
        BotFramework = await BotFrameworkIssuer.StartAsync();
        foreach (var (name, value) in new[]
                 {
                     (WebhookSecretNames.TelegramSecretToken, TelegramSecret), (WebhookSecretNames.SlackSigningSecret, SlackSecret),
                     (WebhookSecretNames.WhatsAppVerifyToken, WhatsAppVerifyToken), (WebhookSecretNames.WhatsAppAppSecret, WhatsAppAppSecret),
                     (WebhookSecretNames.WebexWebhookSecret, WebexSecret), (WebhookSecretNames.BotAppId, BotAppId),
                 })
            ControlPlane.Secrets[(Tenant, name)] = value;
        foreach (var provider in new[] { "messaging.telegram.bot", "messaging.slack.api", "messaging.teams.bot", "messaging.whatsapp.cloud", "messaging.webex.bot" })
            ControlPlane.IngestProviders[provider] = true;
        Gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Greentic:Gateway:ControlPlane:Address"] = ControlPlane.Address,
            ["Greentic:Gateway:ControlPlane:Timeout"] = "00:00:03",
            ["Greentic:Gateway:Webhooks:MaxBodyBytes"] = "65536",
            ["Greentic:Gateway:Webhooks:BotFramework:OpenIdMetadataUrl"] = BotFramework.MetadataUrl,
            ["Greentic:Gateway:RateLimits:Default:TokenLimit"] = "100000",
            ["Greentic:Gateway:RateLimits:Default:TokensPerPeriod"] = "100000",
            // The proxy is not under test here: route nothing.
            ["Greentic:Gateway:Proxy:Clusters:none:Destinations:d:Address"] = "http://127.0.0.1:9",
        });
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await BotFramework.DisposeAsync();
        await ControlPlane.DisposeAsync();
    }

    /// <summary>Everything the control plane saw of one webhook delivery is looked up by these markers.</summary>
    public List<Greentic.Provider.V1.InvokeRequest> InvokesFor(string marker) =>
        ControlPlane.Invokes.Where(i => BodyOf(i).Contains(marker, StringComparison.Ordinal)).ToList();

    /// <summary>The platform body inside an ingest_http call's HttpInV1.</summary>
    public static string BodyOf(Greentic.Provider.V1.InvokeRequest invoke) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(JsonOf(invoke.InputJson).GetProperty("body_b64").GetString()!));

    public List<Greentic.Events.V1.Event> EventsFor(string marker) =>
        ControlPlane.Published.SelectMany(p => p.Events).Where(e => e.Id.Contains(marker, StringComparison.Ordinal)).ToList();

    public static HttpRequestMessage Json(HttpMethod method, string path, string body, params (string, string)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    public static string SlackSignature(string secret, long timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public static string HubSignature(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static string SparkSignature(string secret, string body) =>
        Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static JsonElement JsonOf(Google.Protobuf.ByteString bytes) => JsonDocument.Parse(bytes.Memory).RootElement.Clone();
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "webhooks";
}
