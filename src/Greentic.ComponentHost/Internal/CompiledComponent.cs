using System.Collections.Concurrent;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// One compiled component (per content digest), reference-counted: the engine's cache holds one reference, each
/// <see cref="ProviderComponent"/> one, and each call in flight one. The native component is freed when the last
/// reference goes, so an in-flight call finishes on the component it started with even after a pack reload.
/// </summary>
internal sealed class CompiledComponent
{
    private readonly Component component;
    private readonly ConcurrentDictionary<(string, string), ComponentExport?> exports = new();
    private readonly Lock exportsGate = new();
    private int references = 1;

    public CompiledComponent(string digest, Component component)
    {
        Digest = digest;
        this.component = component;
    }

    public string Digest { get; }

    /// <summary>The native component; valid while the caller holds a reference.</summary>
    public Component Component => component;

    /// <summary>Takes a reference; false when the component is already freed.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref references, current + 1, current) == current) return true;
        }
    }

    /// <summary>The export index of <paramref name="function"/> in exported <paramref name="iface"/>, or null.
    /// Resolved once; valid while the caller holds a reference.</summary>
    public ComponentExport? GetExport(string iface, string function)
    {
        if (exports.TryGetValue((iface, function), out var found)) return found;
        lock (exportsGate)
        {
            if (exports.TryGetValue((iface, function), out found)) return found;
            using var instance = component.GetExport(iface);
            found = instance is null ? null : component.GetExport(function, instance);
            exports[(iface, function)] = found;
            return found;
        }
    }

    public void Release()
    {
        var left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            foreach (var export in exports.Values) export?.Dispose();
            component.Dispose();
        }
        else if (left < 0) throw new InvalidOperationException("CompiledComponent released more often than acquired.");
    }
}
