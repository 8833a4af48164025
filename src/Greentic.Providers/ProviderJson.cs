using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Json;

namespace Greentic.Providers;

/// <summary>The JSON shapes of the provider contract: ok results, node-error failures and config checks.</summary>
public static class ProviderJson
{
    public static byte[] Bytes(JsonNode node) => GreenticJson.ToUtf8Bytes(node);

    /// <summary>Parses input JSON; empty input is null. Throws <see cref="JsonException"/> on bad JSON.</summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> json) =>
        json.IsEmpty ? null : JsonNode.Parse(json.Span);

    public static JsonObject Failure(string code, string message, bool retryable, ulong? backoffMs = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message, ["retryable"] = retryable };
        if (backoffMs is { } ms) error["backoff_ms"] = ms;
        return new JsonObject { ["ok"] = false, ["error"] = error };
    }

    public static byte[] Describe(string providerType, string[] capabilities, string[] ops) => Bytes(new JsonObject
    {
        ["provider_type"] = providerType,
        ["capabilities"] = new JsonArray(capabilities.Select(c => (JsonNode)c).ToArray()),
        ["ops"] = new JsonArray(ops.Select(o => (JsonNode)o).ToArray()),
    });

    public static byte[] HealthOk() => Bytes(new JsonObject { ["status"] = "ok" });

    /// <summary>The sample providers' config check: valid when the config is a JSON object.</summary>
    public static byte[] ValidateObjectConfig(ReadOnlyMemory<byte> configJson)
    {
        try
        {
            return ProviderJson.Parse(configJson) is JsonObject
                ? Bytes(new JsonObject { ["valid"] = true })
                : Bytes(new JsonObject { ["valid"] = false, ["errors"] = new JsonArray("config must be a JSON object") });
        }
        catch (JsonException e)
        {
            return Bytes(new JsonObject { ["valid"] = false, ["errors"] = new JsonArray($"config is not JSON: {e.Message}") });
        }
    }
}
