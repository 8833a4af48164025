using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Trap helpers called from compiled code. The Throw* helpers are deliberately not marked NoInlining: the
/// JIT never inlines a method that only throws, but looking at it lets the JIT know the call does not return, so the
/// trap path becomes cold code and values live across the check are not spilled to the stack.</summary>
internal static class Traps
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Create(int code) => new TrapException((TrapCode)code);

    [DoesNotReturn]
    public static void Throw(TrapCode code) => throw new TrapException(code);

    [DoesNotReturn]
    public static void ThrowStackExhausted() => throw new TrapException(TrapCode.CallStackExhausted);

    [DoesNotReturn]
    public static void ThrowOutOfFuel() => throw new TrapException(TrapCode.OutOfFuel);

    [DoesNotReturn]
    public static void ThrowInterrupt() => throw new TrapException(TrapCode.Interrupt);

    [DoesNotReturn]
    public static void ThrowMemory() => throw new TrapException(TrapCode.MemoryOutOfBounds);

    [DoesNotReturn]
    public static void ThrowTable() => throw new TrapException(TrapCode.TableOutOfBounds);
}
