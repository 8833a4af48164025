using System.Collections.Concurrent;
using Greentic.ComponentHost.Internal.Imports;
using Wasmtime;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// One linker per set of granted capabilities, built on first use and shared by every call with those grants
/// (instantiation only reads a linker). Each has WASI preview 2 and exactly the Greentic imports granted; the
/// type-only <c>greentic:interfaces-types/types@0.1.0</c> needs no definition.
/// </summary>
internal sealed class HostLinkers(Engine engine) : IDisposable
{
    private readonly ConcurrentDictionary<HostCapabilities, Lazy<ComponentLinker>> linkers = new();

    public ComponentLinker For(HostCapabilities grants) =>
        linkers.GetOrAdd(Normalize(grants), g => new Lazy<ComponentLinker>(() => Build(g))).Value;

    private static HostCapabilities Normalize(HostCapabilities grants) =>
        grants.HasFlag(HostCapabilities.StateWrite) ? grants | HostCapabilities.StateRead : grants;

    private ComponentLinker Build(HostCapabilities grants)
    {
        var linker = new ComponentLinker(engine);
        try
        {
            linker.AddWasiPreview2();
            using var root = linker.Root();
            if (grants.HasFlag(HostCapabilities.Secrets)) SecretsStoreImport.Define(root);
            if (grants.HasFlag(HostCapabilities.StateRead)) StateStoreImport.Define(root, grants);
            if (grants.HasFlag(HostCapabilities.Http)) HttpClientImport.Define(root);
            if (grants.HasFlag(HostCapabilities.Telemetry)) TelemetryLoggerImport.Define(root);
            if (grants.HasFlag(HostCapabilities.OAuthBroker)) OAuthBrokerImport.Define(root);
            return linker;
        }
        catch
        {
            linker.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var lazy in linkers.Values) if (lazy.IsValueCreated) lazy.Value.Dispose();
    }
}
