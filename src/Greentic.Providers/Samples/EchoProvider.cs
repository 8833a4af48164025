using System.Text.Json.Nodes;

namespace Greentic.Providers.Samples;

/// <summary>The <c>echo</c> sample provider (contract in sidecars/README.md).</summary>
public sealed class EchoProvider : IProvider
{
    public string ProviderType => "echo";

    public byte[] Describe() => ProviderJson.Describe("echo", ["echo"], ["echo", "fail", "sleep"]);

    public Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context) =>
        Task.FromResult(ProviderJson.ValidateObjectConfig(configJson));

    public Task<byte[]> HealthcheckAsync(ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());

    public async Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context)
    {
        var input = ProviderJson.Parse(inputJson);
        JsonObject result = op switch
        {
            "echo" => new JsonObject { ["ok"] = true, ["op"] = "echo", ["input"] = input },
            "fail" => ProviderJson.Failure("unavailable", "asked to fail", retryable: true, backoffMs: 10),
            "sleep" => await SleepAsync(input, context.CancellationToken),
            _ => ProviderJson.Failure("invalid-input", $"unknown op '{op}'", retryable: false),
        };
        return ProviderJson.Bytes(result);
    }

    private static async Task<JsonObject> SleepAsync(JsonNode? input, CancellationToken cancellationToken)
    {
        var ms = input?["ms"]?.GetValue<int>() ?? 0;
        await Task.Delay(ms, cancellationToken);
        return new JsonObject { ["ok"] = true, ["slept_ms"] = ms };
    }
}
