using System.Text.Json;
using System.Text.Json.Nodes;

namespace Greentic.Providers.Samples;

/// <summary>
/// The <c>worker.echo</c> sample worker (contract in sidecars/README.md): op <c>exec</c> takes a worker-request and
/// answers one <c>text</c> message carrying the request's payload, plus an <c>event</c> message naming the tenant it ran
/// for; a payload <c>{"fail":{"code","message","retryable"?,"backoff_ms"?}}</c> answers that worker-error instead.
/// </summary>
public sealed class EchoWorkerProvider : IProvider
{
    public string ProviderType => "worker.echo";

    public byte[] Describe() => ProviderJson.Describe("worker.echo", ["worker"], ["exec"]);

    public Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context) =>
        Task.FromResult(ProviderJson.ValidateObjectConfig(configJson));

    public Task<byte[]> HealthcheckAsync(ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());

    public Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context)
    {
        if (op != "exec") return Task.FromResult(ProviderJson.Bytes(ProviderJson.Failure("invalid-input", $"unknown op '{op}'", retryable: false)));
        var request = ProviderJson.Parse(inputJson) as JsonObject;
        var payloadText = request?["payload_json"]?.GetValue<string>() ?? "";
        JsonNode? payload;
        try
        {
            payload = payloadText.Length == 0 ? null : JsonNode.Parse(payloadText);
        }
        catch (JsonException)
        {
            return Task.FromResult(ProviderJson.Bytes(ProviderJson.Failure("bad_request", "payload_json is not JSON", retryable: false)));
        }
        if (payload?["fail"] is JsonObject fail)
        {
            var failure = ProviderJson.Failure(fail["code"]?.GetValue<string>() ?? "internal", fail["message"]?.GetValue<string>() ?? "asked to fail",
                fail["retryable"]?.GetValue<bool>() ?? false, fail["backoff_ms"]?.GetValue<ulong>());
            return Task.FromResult(ProviderJson.Bytes(failure));
        }
        var tenant = request?["tenant"]?["tenant"]?.GetValue<string>() ?? "";
        var result = new JsonObject
        {
            ["ok"] = true,
            ["version"] = request?["version"]?.GetValue<string>() ?? "1.0",
            ["messages"] = new JsonArray(
                new JsonObject { ["kind"] = "text", ["payload_json"] = payloadText },
                new JsonObject { ["kind"] = "event", ["payload_json"] = new JsonObject { ["ran_for"] = tenant, ["worker"] = "echo" }.ToJsonString() }),
        };
        return Task.FromResult(ProviderJson.Bytes(result));
    }
}
