using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Json;

namespace Greentic.ComponentHost;

/// <summary>
/// Runs one provider call on a component file, the engine side of <c>greentic provider invoke|describe</c>:
/// (1) validate the arguments (usage errors exit 2); (2) load the component with every host import granted;
/// (3) call it with secrets from the given map, in-memory state, egress denied except the allowed HOST:PORTs;
/// (4) print the JSON answer (exit 0) or the failure (exit 1).
/// </summary>
public static class OneShotInvocation
{
    public static OneShotResult Run(OneShotOptions options)
    {
        // (1)
        if (Validate(options) is { } usage) return usage;
        if (!TryReadJson(options.Input, "input", out var input, out var inputError)) return Usage(inputError);
        if (!TryReadJson(options.Config, "config", out var config, out var configError)) return Usage(configError);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in options.Secrets)
        {
            var eq = entry.IndexOf('=');
            if (eq <= 0) return Usage($"--secret '{Redact(entry)}' is not NAME=VALUE");
            secrets[entry[..eq]] = entry[(eq + 1)..];
        }
        HostPortAllowList allowList;
        try { allowList = new HostPortAllowList(options.AllowEgress); }
        catch (FormatException e) { return Usage("--allow-egress " + e.Message); }
        byte[] bytes;
        try { bytes = File.ReadAllBytes(options.ComponentPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Usage($"cannot read {options.ComponentPath}: {e.Message}");
        }

        try
        {
            // (2)
            using var engine = new ComponentEngine(new ComponentHostOptions { CacheDirectory = options.CacheDirectory }, options.LoggerFactory);
            using var component = engine.Load("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, HostCapabilities.All);
            // (3)
            using var egress = new HttpClientEgress(allowList, new HttpEgressOptions { Timeout = options.Timeout });
            var context = new ComponentCallContext
            {
                Tenant = new TenantScope("local", "cli"),
                Secrets = new DictionarySecrets(secrets),
                State = new InMemoryState(),
                Http = egress,
                Timeout = options.Timeout,
                Logger = options.LoggerFactory?.CreateLogger("greentic.provider") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            };
            var output = options.Call switch
            {
                OneShotCall.Describe => component.Describe(context),
                OneShotCall.Healthcheck => component.Healthcheck(context),
                OneShotCall.ValidateConfig => component.ValidateConfig(context, GreenticJson.ToUtf8Bytes(config ?? new JsonObject())),
                _ => component.Invoke(context, options.Operation!, GreenticJson.ToUtf8Bytes(MergeConfig(input, config))),
            };
            // (4)
            return new OneShotResult(OneShotResult.Answered, Encoding.UTF8.GetString(output), null, null);
        }
        catch (ComponentException e)
        {
            return new OneShotResult(OneShotResult.Failed, null, e.Kind, e.Message);
        }
    }

    private static OneShotResult? Validate(OneShotOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ComponentPath)) return Usage("COMPONENT.wasm is required");
        if (!File.Exists(options.ComponentPath)) return Usage($"{options.ComponentPath}: no such file");
        if (options.Call == OneShotCall.Invoke && string.IsNullOrWhiteSpace(options.Operation)) return Usage("OP is required");
        if (options.Timeout <= TimeSpan.Zero) return Usage("--timeout must be positive");
        return null;
    }

    /// <summary>The input with <paramref name="config"/> as its <c>config</c> field (replacing any there).</summary>
    internal static JsonNode MergeConfig(JsonNode? input, JsonNode? config)
    {
        var merged = input?.DeepClone() ?? new JsonObject();
        if (config is not null) merged["config"] = config.DeepClone();
        return merged;
    }

    private static bool TryReadJson(string? argument, string what, out JsonNode? node, out string error)
    {
        node = null;
        error = "";
        if (string.IsNullOrWhiteSpace(argument)) return true;
        var text = argument;
        if (argument.StartsWith('@'))
        {
            try { text = File.ReadAllText(argument[1..]); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"cannot read the {what} file {argument[1..]}: {e.Message}";
                return false;
            }
        }
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            error = $"the {what} is not valid JSON: {e.Message}";
            return false;
        }
        if (what == "input" && node is not (JsonObject or null))
        {
            error = "the input must be a JSON object (its config field is set from --config)";
            return false;
        }
        return true;
    }

    private static string Redact(string secretArgument) => secretArgument.Length <= 3 ? "***" : secretArgument[..3] + "***";

    private static OneShotResult Usage(string message) => new(OneShotResult.UsageError, null, null, message);
}
