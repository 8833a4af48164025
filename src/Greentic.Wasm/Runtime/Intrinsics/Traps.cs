using System.Runtime.CompilerServices;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Trap helpers called from compiled code. Kept out of line so the hot paths stay small.</summary>
internal static class Traps
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Create(int code) => new TrapException((TrapCode)code);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(TrapCode code) => throw new TrapException(code);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowStackExhausted() => throw new TrapException(TrapCode.CallStackExhausted);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowOutOfFuel() => throw new TrapException(TrapCode.OutOfFuel);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowInterrupt() => throw new TrapException(TrapCode.Interrupt);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowMemory() => throw new TrapException(TrapCode.MemoryOutOfBounds);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowTable() => throw new TrapException(TrapCode.TableOutOfBounds);
}
