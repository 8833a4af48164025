namespace Greentic.Wasm.Wasi;

/// <summary>Raised by <c>proc_exit</c>. It reaches the host as the inner exception of a
/// <see cref="TrapException"/> (<see cref="TrapCode.HostError"/>); <see cref="WasiContext.RunStart"/> unwraps it.</summary>
public sealed class WasiExitException(int exitCode) : Exception($"the guest exited with code {exitCode}")
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The exit request inside <paramref name="trap"/>, if the trap came from <c>proc_exit</c>.</summary>
    public static WasiExitException? From(TrapException trap) => trap.InnerException as WasiExitException;
}
