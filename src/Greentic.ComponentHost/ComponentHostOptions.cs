namespace Greentic.ComponentHost;

/// <summary>Engine-wide settings of the component host (bind from configuration).</summary>
public sealed record ComponentHostOptions
{
    /// <summary>Where compiled components are kept across restarts (null: in memory only). Must be writable by this
    /// host only: a compiled artifact is native code.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>How often the epoch advances; a call's deadline is checked at this granularity.</summary>
    public TimeSpan EpochTick { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Meter execution with fuel as well as deadlines (costs ~10–30 % of guest speed).</summary>
    public bool ConsumeFuel { get; init; }

    /// <summary>Maximum wasm stack per call, in bytes (deep recursion traps as <see cref="ComponentErrorKind.ResourceExhausted"/>).</summary>
    public int MaxWasmStackBytes { get; init; } = 512 * 1024;

    public PoolingOptions Pooling { get; init; } = new();

    /// <summary>Per-call limits unless a component is loaded with its own.</summary>
    public ComponentLimits DefaultLimits { get; init; } = new();

    /// <summary>How <c>list&lt;u8&gt;</c> crosses into and out of the provider exports (see the bench README).</summary>
    public ByteListTransfer ByteListTransfer { get; init; } = ByteListTransfer.Bulk;
}

/// <summary>The pooling allocator's slots: the most component instances alive at once, engine-wide.</summary>
public sealed record PoolingOptions
{
    public bool Enabled { get; init; } = true;
    public uint TotalComponentInstances { get; init; } = 1000;
    public uint TotalCoreInstances { get; init; } = 2000;
    public uint TotalMemories { get; init; } = 2000;
    public uint TotalTables { get; init; } = 2000;
    /// <summary>The hard cap of one linear memory; a store's <see cref="ComponentLimits.MemoryBytes"/> applies below it.</summary>
    public ulong MaxMemoryBytes { get; init; } = 256UL * 1024 * 1024;
    public uint MaxCoreInstancesPerComponent { get; init; } = 50;
    public uint MaxMemoriesPerComponent { get; init; } = 20;
    public uint MaxTablesPerComponent { get; init; } = 50;
    public ulong MaxComponentInstanceBytes { get; init; } = 4UL * 1024 * 1024;
    public ulong MaxCoreInstanceBytes { get; init; } = 4UL * 1024 * 1024;
}

/// <summary>What one call may use. Exceeding any of them is <see cref="ComponentErrorKind.ResourceExhausted"/>.</summary>
public sealed record ComponentLimits
{
    /// <summary>Bytes one linear memory may grow to.</summary>
    public long MemoryBytes { get; init; } = 64L * 1024 * 1024;
    public uint TableElements { get; init; } = 100_000;
    public int Instances { get; init; } = 100;
    public int Tables { get; init; } = 100;
    public int Memories { get; init; } = 100;
    /// <summary>Largest input a call passes in.</summary>
    public int MaxInputBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Largest output a call may return.</summary>
    public int MaxOutputBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>Fuel per call when <see cref="ComponentHostOptions.ConsumeFuel"/> is on.</summary>
    public ulong Fuel { get; init; } = 2_000_000_000;
    /// <summary>The budget of a call whose context names neither a timeout nor a deadline.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Guest stdout/stderr kept per call for the log; the rest is dropped and counted.</summary>
    public int MaxGuestOutputBytes { get; init; } = 64 * 1024;
}

public enum ByteListTransfer
{
    /// <summary>Bytes are written into and read from Wasmtime's value arrays directly (P/Invoke of the C API).</summary>
    Bulk,
    /// <summary>One <c>ComponentValue</c> object per byte through wasmtime-dotnet (slow; kept for comparison).</summary>
    PerElement,
}
