using System.Text.Json.Nodes;

namespace Greentic.Providers.Samples;

/// <summary>The <c>echo</c> sample provider (contract in sidecars/README.md): echo, and the whole conformance op set.</summary>
public sealed class EchoProvider : IProvider
{
    public string ProviderType => "echo";

    public byte[] Describe() => ProviderJson.Describe("echo", ["echo"], ["echo", "fail", "sleep", .. ConformanceOps.Names]);

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
            "sleep" => await SleepAsync(input, context),
            _ => await ConformanceOps.TryRunAsync(op, input, context)
                ?? ProviderJson.Failure("invalid-input", $"unknown op '{op}'", retryable: false),
        };
        return ProviderJson.Bytes(result);
    }

    /// <summary>Waits <c>ms</c> honouring the deadline; then, when asked, marks <c>state_key</c> as slept.</summary>
    private static async Task<JsonObject> SleepAsync(JsonNode? input, ProviderCallContext context)
    {
        var ms = input?["ms"]?.GetValue<int>() ?? 0;
        await Task.Delay(ms, context.CancellationToken);
        if (input?["state_key"]?.GetValue<string>() is { Length: > 0 } key) await ConformanceOps.MarkSleptAsync(key, context);
        return new JsonObject { ["ok"] = true, ["slept_ms"] = ms };
    }
}
