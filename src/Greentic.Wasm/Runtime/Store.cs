using Greentic.Wasm.Runtime;

namespace Greentic.Wasm;

/// <summary>Resource limits of one store. Values above the engine's defaults are clamped to them.</summary>
public sealed record StoreLimits
{
    public uint? MaxMemoryPages { get; init; }
    public uint? MaxTableElements { get; init; }
    public int? MaxInstances { get; init; }
}

/// <summary>Holds the execution state shared by the instances created in it: fuel, deadline, limits, call depth.
/// A store is single-threaded: do not call into its instances from two threads at once.</summary>
public sealed class Store
{
    private int instanceCount;

    public Store(Engine engine, StoreLimits? limits = null)
    {
        Engine = engine;
        Limits = limits ?? new StoreLimits();
        State = new ExecState
        {
            MaxDepth = engine.Config.MaxCallDepth,
            Epoch = engine.Epoch,
            MaxStackBytes = engine.Config.MaxStackBytes,
            Fuel = 0,
        };
    }

    public Engine Engine { get; }
    public StoreLimits Limits { get; }
    internal ExecState State { get; }

    internal uint MaxMemoryPages => Math.Min(Limits.MaxMemoryPages ?? uint.MaxValue, Engine.Config.MaxMemoryPages);
    internal uint MaxTableElements => Math.Min(Limits.MaxTableElements ?? uint.MaxValue, Engine.Config.MaxTableElements);

    /// <summary>Remaining fuel (only meaningful with <see cref="EngineConfig.ConsumeFuel"/>).</summary>
    public long Fuel => Math.Max(0, State.Fuel);

    public void SetFuel(long fuel) => State.Fuel = fuel;

    public void AddFuel(long fuel) => State.Fuel = State.Fuel > long.MaxValue - fuel ? long.MaxValue : State.Fuel + fuel;

    /// <summary>Trap with <see cref="TrapCode.Interrupt"/> once the engine's epoch has advanced <paramref name="ticks"/> times.</summary>
    public void SetEpochDeadline(long ticks) => Volatile.Write(ref State.Deadline, Engine.CurrentEpoch + ticks);

    /// <summary>Make running (and future) guest code of this store trap with <see cref="TrapCode.Interrupt"/> at its next check.
    /// Safe to call from any thread.</summary>
    public void Interrupt() => Volatile.Write(ref State.Deadline, long.MinValue);

    /// <summary>Remove any deadline.</summary>
    public void ClearDeadline() => Volatile.Write(ref State.Deadline, long.MaxValue);

    /// <summary>Interrupt the store after a wall-clock delay. Dispose the result to cancel.</summary>
    public IDisposable SetTimeout(TimeSpan timeout) => new Timer(_ => Interrupt(), null, timeout, Timeout.InfiniteTimeSpan);

    internal void OnInstantiate()
    {
        if (Limits.MaxInstances is int max && instanceCount >= max)
            throw new TrapException(TrapCode.ResourceLimit, $"store allows at most {max} instances");
        instanceCount++;
    }
}
