using System.Collections.Concurrent;
using Greentic.ComponentHost;
using Greentic.Packs.Runtime;
using PackProvider = Greentic.Packs.Runtime.ProviderComponent;
using HostComponent = Greentic.ComponentHost.ProviderComponent;

namespace Greentic.ControlPlane.Components;

/// <summary>
/// Loaded components by content digest and grants, shared by every tenant whose packs carry the same bytes: each is
/// compiled once (the engine caches compiled code on disk as well) and loaded on first use. When a pack reload
/// drops a component, it is disposed and evicted from the engine; calls already running finish on it.
/// </summary>
internal sealed class LoadedComponents(ComponentEngine engine, PackRuntimeManager packs) : IDisposable
{
    private readonly ConcurrentDictionary<(string Digest, HostCapabilities Grants), Lazy<HostComponent>> _loaded = new();
    private PackRuntimeSnapshot? _seen;

    /// <param name="grants">The imports to link (<see cref="ComponentGrants.Of"/>): the same bytes may load once per grant set.</param>
    public HostComponent Get(PackProvider provider, HostCapabilities grants)
    {
        PruneIfReloaded();
        var lazy = _loaded.GetOrAdd((provider.WasmDigest, grants),
            key => new Lazy<HostComponent>(() => engine.Load(key.Digest, provider.Wasm, key.Grants), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch (ComponentException)
        {
            // A component that does not load is not kept: the next call (or a fixed pack) tries again.
            _loaded.TryRemove(new((provider.WasmDigest, grants), lazy));
            throw;
        }
    }

    private void PruneIfReloaded()
    {
        var current = packs.Current;
        if (ReferenceEquals(Volatile.Read(ref _seen), current)) return;
        Volatile.Write(ref _seen, current);
        var live = current.Tenants.Values
            .SelectMany(t => t.ProviderTypes.Select(t.ResolveProvider))
            .Select(p => p!.WasmDigest)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (key, lazy) in _loaded)
        {
            if (live.Contains(key.Digest) || !_loaded.TryRemove(new(key, lazy))) continue;
            if (lazy.IsValueCreated) lazy.Value.Dispose();
            engine.Evict(key.Digest);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _loaded.Values)
            if (lazy.IsValueCreated) lazy.Value.Dispose();
        _loaded.Clear();
    }
}
