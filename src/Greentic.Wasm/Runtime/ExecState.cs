namespace Greentic.Wasm.Runtime;

/// <summary>Per-store mutable execution state read by compiled code (fields, not properties, on purpose).</summary>
internal sealed class ExecState
{
    public int Depth;
    public int MaxDepth;
    /// <summary>Lowest native stack address the guest may reach (set when the host enters WebAssembly).</summary>
    public nuint StackLimit;
    public long Fuel;
    public long Deadline = long.MaxValue;
    public Engine.EpochCounter Epoch = null!;
    public int MaxStackBytes;
}
