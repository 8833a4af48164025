using System.Collections.Concurrent;
using Greentic.ComponentHost.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;

namespace Greentic.ComponentHost;

/// <summary>
/// The component host: one Wasmtime engine (component model, pooling allocator, epoch interruption ticking on a
/// timer, optional fuel), the compiled-component cache (once per content digest, optionally on disk), one linker per
/// set of grants, and the store factory. Register one per process (a singleton).
/// </summary>
public sealed class ComponentEngine : IDisposable
{
    private readonly Engine engine;
    private readonly EpochTicker ticker;
    private readonly CompiledComponentCache cache;
    private readonly HostLinkers linkers;
    private readonly CallRunner runner;
    private readonly ConcurrentDictionary<(string, HostCapabilities), bool> probed = new();

    public ComponentEngine(ComponentHostOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        Options = options ?? new ComponentHostOptions();
        time ??= TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Greentic.ComponentHost");
        Fingerprint = EngineBuilder.Fingerprint(Options);
        engine = EngineBuilder.Build(Options);
        try
        {
            ticker = new EpochTicker(engine, Options.EpochTick, time);
            cache = new CompiledComponentCache(engine, Fingerprint, Options.CacheDirectory, logger);
            linkers = new HostLinkers(engine);
            runner = new CallRunner(new StoreFactory(engine, Options), Options, time);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public ComponentHostOptions Options { get; }

    /// <summary>Identifies the Wasmtime version and compilation settings (part of every cached artifact's key).</summary>
    public string Fingerprint { get; }

    /// <summary>How many components this engine compiled (cache hits excluded).</summary>
    public int Compilations => cache.Compilations;

    /// <summary>
    /// Loads a component: compiles it once per <paramref name="digest"/> (a <c>sha256:</c> digest is verified against
    /// the bytes), or takes the compiled form from memory or the disk cache, then proves that every import is
    /// satisfied by the host imports <paramref name="grants"/> allow.
    /// </summary>
    /// <exception cref="ComponentException"><see cref="ComponentErrorKind.InvalidComponent"/>,
    /// <see cref="ComponentErrorKind.UnsatisfiedImport"/> (naming the import) or <see cref="ComponentErrorKind.MissingExport"/>.</exception>
    public ProviderComponent Load(string digest, ReadOnlyMemory<byte> bytes, HostCapabilities grants = HostCapabilities.Default,
        ComponentLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(digest);
        limits ??= Options.DefaultLimits;
        var compiled = cache.Acquire(digest, bytes);
        try
        {
            var linker = linkers.For(grants);
            if (!probed.ContainsKey((digest, grants)))
            {
                runner.Probe(compiled, linker, limits);
                probed[(digest, grants)] = true;
            }
            return new ProviderComponent(compiled, linker, runner, grants, limits);
        }
        catch
        {
            compiled.Release();
            throw;
        }
    }

    /// <summary>Forgets the compiled form of <paramref name="digest"/> (providers and calls holding it keep it alive).</summary>
    public void Evict(string digest)
    {
        cache.Evict(digest);
        foreach (var key in probed.Keys) if (key.Item1 == digest) probed.TryRemove(key, out _);
    }

    public void Dispose()
    {
        ticker.Dispose();
        cache.Dispose();
        linkers.Dispose();
        engine.Dispose();
    }
}
