namespace Greentic.Wasm;

/// <summary>Engine-wide settings. They are fixed when modules are compiled (fuel and interruption checks are
/// compiled into the code only when enabled).</summary>
public sealed record EngineConfig
{
    /// <summary>Charge fuel at function entry and loop back-edges; a store traps with <see cref="TrapCode.OutOfFuel"/> when it runs out.</summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>Check the store's epoch deadline at function entry and loop back-edges (cheap; on by default so that
    /// a runaway guest can always be stopped with <see cref="Store.Interrupt"/> or a deadline).</summary>
    public bool EpochInterruption { get; init; } = true;

    /// <summary>Maximum nesting of WebAssembly calls before <see cref="TrapCode.CallStackExhausted"/>.</summary>
    public int MaxCallDepth { get; init; } = 20_000;

    /// <summary>Native stack the guest may use below the point where the host called in. Also bounded by the
    /// real stack of the calling thread (a reserve is always left for the host).</summary>
    public int MaxStackBytes { get; init; } = 1024 * 1024;

    /// <summary>Default upper bound on any linear memory, in 64 KiB pages (a store may lower it).</summary>
    public uint MaxMemoryPages { get; init; } = 16384;

    /// <summary>Default upper bound on any table's element count (a store may lower it).</summary>
    public uint MaxTableElements { get; init; } = 10_000_000;
}

/// <summary>Compiles modules and owns the epoch counter used for deadlines.</summary>
public sealed class Engine
{
    internal sealed class EpochCounter
    {
        public long Value;
    }

    public Engine(EngineConfig? config = null)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Greentic.Wasm needs a little-endian host");
        Config = config ?? new EngineConfig();
    }

    public EngineConfig Config { get; }

    internal EpochCounter Epoch { get; } = new();

    public long CurrentEpoch => Volatile.Read(ref Epoch.Value);

    /// <summary>Advance the epoch; stores whose deadline is now reached trap with <see cref="TrapCode.Interrupt"/>
    /// at their next check (requires <see cref="EngineConfig.EpochInterruption"/>).</summary>
    public void IncrementEpoch() => Interlocked.Increment(ref Epoch.Value);
}
