using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.Providers;

namespace Greentic.ControlPlane.Tests.Messaging;

/// <summary>
/// A C# messaging provider (in-process transport) whose answers each test scripts per tenant: by default it renders
/// a TierD plan, encodes the text and "sends" it; a script may answer any op differently per call. Every call is recorded.
/// </summary>
public sealed class ScriptedMessagingProvider : IProvider
{
    public const string Type = "messaging.scripted";

    private readonly ConcurrentDictionary<string, Script> _scripts = new(StringComparer.Ordinal);

    public string ProviderType => Type;

    public Script For(string tenant) => _scripts.GetOrAdd(tenant, _ => new Script());

    public byte[] Describe() => ProviderJson.Describe(Type, ["messaging"], ["render_plan", "encode", "send_payload"]);
    public Task<byte[]> ValidateConfigAsync(ReadOnlyMemory<byte> configJson, ProviderCallContext context) => Task.FromResult(ProviderJson.ValidateObjectConfig(configJson));
    public Task<byte[]> HealthcheckAsync(ProviderCallContext context) => Task.FromResult(ProviderJson.HealthOk());

    public Task<byte[]> InvokeAsync(string op, ReadOnlyMemory<byte> inputJson, ProviderCallContext context)
    {
        var script = For(context.Tenant.Tenant);
        var input = (JsonObject)JsonNode.Parse(inputJson.Span)!;
        int index;
        lock (script.Calls)
        {
            index = script.Calls.Count(c => c.Op == op);
            script.Calls.Add((op, input));
        }
        var answer = script.Answer?.Invoke(op, input, index) ?? Default(op, input);
        return Task.FromResult(ProviderJson.Bytes(answer));
    }

    public static JsonObject Default(string op, JsonObject input) => op switch
    {
        "render_plan" => new JsonObject
        {
            ["ok"] = true,
            ["plan"] = new JsonObject
            {
                ["plan_json"] = new JsonObject
                {
                    ["tier"] = "TierD", ["summary_text"] = input["message"]?["text"]?.ToString(),
                    ["warnings"] = new JsonArray(new JsonObject { ["code"] = "buttons-dropped", ["message"] = "no buttons on this channel", ["path"] = "actions" }),
                },
            },
        },
        "encode" => new JsonObject
        {
            ["ok"] = true,
            ["payload"] = new JsonObject
            {
                ["content_type"] = "text/plain",
                ["body_b64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(input["message"]?["text"]?.ToString() ?? "")),
                ["metadata"] = new JsonObject { ["to"] = input["message"]?["to"]?.DeepClone() },
            },
        },
        "send_payload" => new JsonObject { ["ok"] = true, ["message"] = new JsonObject { ["id"] = "sent-1" }, ["retryable"] = false },
        _ => ProviderJson.Failure("invalid-input", $"unknown op '{op}'", retryable: false),
    };

    public sealed class Script
    {
        /// <summary>(op, input, index of this call of op) → the answer, or null for the default.</summary>
        public Func<string, JsonObject, int, JsonObject?>? Answer { get; set; }
        public List<(string Op, JsonObject Input)> Calls { get; } = [];
        public IReadOnlyList<(string Op, JsonObject Input)> Snapshot() { lock (Calls) return Calls.ToList(); }
    }
}
