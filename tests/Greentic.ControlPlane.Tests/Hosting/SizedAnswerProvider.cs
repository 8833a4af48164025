using System.Text.Json.Nodes;
using Greentic.Providers;

namespace Greentic.ControlPlane.Tests.Hosting;

/// <summary>A C# provider (<c>sized.answer</c>) whose invoke answers about <c>{"bytes": N}</c> bytes of JSON, for message-size limits.</summary>
internal sealed class SizedAnswerProvider : IProvider
{
    public string ProviderType => "sized.answer";

    public byte[] Describe() => ProviderJson.Describe(ProviderType, ["test"], ["answer"]);

    public Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context) => Task.FromResult(ProviderJson.ValidateObjectConfig(configJson));

    public Task<byte[]> HealthcheckAsync(ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());

    public Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context)
    {
        var bytes = ProviderJson.Parse(inputJson)?["bytes"]?.GetValue<int>() ?? 0;
        return Task.FromResult(ProviderJson.Bytes(new JsonObject { ["ok"] = true, ["padding"] = new string('x', bytes) }));
    }
}
