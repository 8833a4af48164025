using System.Security.Cryptography;
using System.Text.Json;
using Greentic.ComponentHost;

namespace Greentic.Conformance.Harness;

/// <summary>A component target: its provider type (given, or from its describe) and the ops its describe lists.</summary>
internal static class ComponentFile
{
    public static (string ProviderType, IReadOnlyList<string> Ops) Describe(string path, string? providerType)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConformanceException($"cannot read {path}: {e.Message}", isUsage: true);
        }
        try
        {
            using var engine = new ComponentEngine();
            using var component = engine.Load("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes, HostCapabilities.All);
            using var describe = JsonDocument.Parse(component.Describe(new ComponentCallContext
            {
                Tenant = new TenantScope("conformance", "describe"), Timeout = TimeSpan.FromSeconds(10),
            }));
            var root = describe.RootElement;
            var type = providerType ?? (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("provider_type", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString() : null);
            if (string.IsNullOrEmpty(type))
                throw new ConformanceException($"{path}: its describe names no provider_type; give --provider-type", isUsage: true);
            var ops = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ops", out var o) && o.ValueKind == JsonValueKind.Array
                ? o.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            return (type, ops);
        }
        catch (Exception e) when (e is ComponentException or JsonException)
        {
            if (providerType is not null) return (providerType, []);
            throw new ConformanceException($"{path}: describe failed ({e.Message}); give --provider-type to certify it anyway", isUsage: true);
        }
    }
}
