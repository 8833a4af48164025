using System.Security.Cryptography;
using System.Text.Json;
using Greentic.ComponentHost;
using Greentic.Providers.Components;
using Greentic.Types.V1;

namespace Greentic.Sidecar.Host.Components;

/// <summary>
/// Loads the <c>--component</c> files at start: (1) read the file and take its <c>sha256:</c> digest; (2) load it on
/// the engine with the granted imports; (3) name its provider type — <c>--provider-type</c>, else the
/// <c>provider_type</c> its describe answers. A component that fails to load is still served (every call answers
/// its failure) when its type was given; without one there is nothing to serve it as, and the sidecar refuses to start.
/// </summary>
internal static partial class ComponentLoader
{
    public static IReadOnlyList<HostedComponent> Load(ComponentEngine engine, SidecarOptions options, ILogger logger)
    {
        var hosted = new List<HostedComponent>();
        foreach (var option in options.Components)
        {
            // (1)
            byte[] bytes;
            try { bytes = File.ReadAllBytes(option.Path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"--component {option.Path}: {e.Message}");
            }
            var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
            var name = $"component {Path.GetFileName(option.Path)} {digest[..19]}";
            // (2)
            ProviderComponent? component = null;
            ComponentException? failure = null;
            try { component = engine.Load(digest, bytes, options.Grants); }
            catch (ComponentException e) { failure = e; }
            // (3)
            var type = option.ProviderType ?? (component is null
                ? throw new ArgumentException($"--component {option.Path} cannot be loaded ({failure!.Message}); give --provider-type to serve its failure")
                : DescribedType(component, option.Path));
            if (hosted.Any(h => h.ProviderType == type))
                throw new ArgumentException($"--component {option.Path}: provider type '{type}' is already served by another component");
            if (failure is null) LogServing(logger, option.Path, type, digest, options.Grants);
            else LogLoadFailed(logger, option.Path, type, failure.Message);
            hosted.Add(new HostedComponent(type, $"provider '{type}' ({name})", component, failure));
        }
        return hosted;
    }

    private static string DescribedType(ProviderComponent component, string path)
    {
        var context = new ComponentCallContext { Tenant = TenantScopes.From(new TenantCtx { Env = "host", Tenant = "load-check" }, "describe"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var json = JsonDocument.Parse(component.Describe(context));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("provider_type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() is { Length: > 0 } name)
                return name;
        }
        catch (Exception e) when (e is ComponentException or JsonException)
        {
            throw new ArgumentException($"--component {path}: its describe failed ({e.Message}); give --provider-type");
        }
        throw new ArgumentException($"--component {path}: its describe names no provider_type; give --provider-type");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving component {Path} as provider {ProviderType} ({Digest}), imports granted: {Grants}")]
    private static partial void LogServing(ILogger logger, string path, string providerType, string digest, HostCapabilities grants);

    [LoggerMessage(Level = LogLevel.Error, Message = "Component {Path} (provider {ProviderType}) cannot run here; every call will answer: {Reason}")]
    private static partial void LogLoadFailed(ILogger logger, string path, string providerType, string reason);
}
