using System.Text;
using System.Text.Json.Nodes;
using Greentic.Json;

namespace Greentic.Providers.Samples;

/// <summary>
/// The <c>messaging.dummy</c> sample provider: the render_plan → encode → send_payload pipeline of a
/// messaging provider, with send_payload using the secrets and state imports (contract in sidecars/README.md).
/// </summary>
public sealed class DummyMessagingProvider : IProvider
{
    public const string TokenSecret = "dummy/api_token";
    public const string CountKey = "dummy/sent_count";

    public string ProviderType => "messaging.dummy";

    public byte[] Describe() => ProviderJson.Describe("messaging.dummy", ["messaging"], ["render_plan", "encode", "send_payload"]);

    public Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context) =>
        Task.FromResult(ProviderJson.ValidateObjectConfig(configJson));

    public Task<byte[]> HealthcheckAsync(ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());

    public async Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context)
    {
        var input = ProviderJson.Parse(inputJson);
        var text = input?["message"]?["text"]?.GetValue<string>() ?? "";
        JsonObject result = op switch
        {
            "render_plan" => new JsonObject
            {
                ["ok"] = true,
                ["plan"] = new JsonObject
                {
                    ["plan_json"] = new JsonObject
                    {
                        ["tier"] = "TierD", ["summary_text"] = text,
                        ["actions"] = new JsonArray(), ["attachments"] = new JsonArray(), ["warnings"] = new JsonArray(),
                    },
                },
            },
            "encode" => new JsonObject
            {
                ["ok"] = true,
                ["payload"] = new JsonObject
                {
                    ["content_type"] = "text/plain",
                    ["body_b64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)),
                    ["metadata"] = new JsonObject(),
                },
            },
            "send_payload" => await SendAsync(input?["payload"], context),
            _ => ProviderJson.Failure("invalid-input", $"unknown op '{op}'", retryable: false),
        };
        return ProviderJson.Bytes(result);
    }

    private static async Task<JsonObject> SendAsync(JsonNode? payload, ProviderCallContext context)
    {
        var ct = context.CancellationToken;
        if (await context.Host.GetSecretAsync(TokenSecret, ct) is null)
        {
            var failure = ProviderJson.Failure("unauthenticated", $"secret '{TokenSecret}' is not set for this tenant", retryable: false);
            failure["retryable"] = false;
            return failure;
        }
        var current = await context.Host.ReadStateAsync(CountKey, ct);
        var count = (current is null ? 0 : int.Parse(Encoding.UTF8.GetString(current))) + 1;
        await context.Host.WriteStateAsync(CountKey, Encoding.UTF8.GetBytes(count.ToString()), ct);
        await context.Host.WriteStateAsync($"dummy/outbox/{count}", GreenticJson.ToUtf8Bytes(payload), ct);
        return new JsonObject { ["ok"] = true, ["message"] = new JsonObject { ["id"] = $"dummy-{count}" }, ["retryable"] = false };
    }
}
