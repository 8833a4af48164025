using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Greentic.Wasm.Runtime;

/// <summary>Computes how deep guest code may push the native stack. Compiled code compares the address of a
/// local against <see cref="ExecState.StackLimit"/> at every function entry, so deep recursion becomes a
/// <see cref="TrapCode.CallStackExhausted"/> trap long before the real stack ends.</summary>
internal static unsafe class StackGuard
{
    /// <summary>Stack kept free for the host, the JIT, exception dispatch and runtime helpers (the CLR's own
    /// minimum execution stack on 64-bit is 128 KiB).</summary>
    public const int Reserve = 128 * 1024;

    [ThreadStatic] private static nuint threadLow;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static nuint CurrentPointer()
    {
        byte probe = 0;
        return (nuint)(&probe);
    }

    /// <summary>The limit for a guest entered from the current point of the current thread.</summary>
    public static nuint ComputeLimit(int maxStackBytes)
    {
        nuint sp = CurrentPointer();
        nuint byBudget = sp > (nuint)maxStackBytes ? sp - (nuint)maxStackBytes : 0;
        nuint low = ThreadLow();
        if (low != 0)
        {
            nuint floor = low + Reserve;
            if (byBudget < floor) byBudget = floor;
        }
        else if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return nuint.MaxValue; // no room at all: the first guest call traps
        }
        return byBudget;
    }

    private static nuint ThreadLow()
    {
        if (threadLow != 0) return threadLow;
        try
        {
            if (OperatingSystem.IsWindows())
            {
                GetCurrentThreadStackLimits(out nuint lo, out _);
                threadLow = lo;
            }
            else if (OperatingSystem.IsLinux())
            {
                threadLow = LinuxStackLow();
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            threadLow = 0;
        }
        return threadLow;
    }

    private static nuint LinuxStackLow()
    {
        byte* attr = stackalloc byte[256];
        if (pthread_getattr_np(pthread_self(), attr) != 0) return 0;
        try
        {
            if (pthread_attr_getstack(attr, out nint addr, out nuint size) != 0) return 0;
            // The main thread's reported size can exceed what the rlimit really allows to grow; a guard of 8 MiB
            // beyond the current pointer is never assumed.
            nuint low = (nuint)addr;
            nuint sp = CurrentPointer();
            if (sp - low > 64 * 1024 * 1024) low = sp - 8 * 1024 * 1024;
            return low;
        }
        finally
        {
            pthread_attr_destroy(attr);
        }
    }

    [DllImport("kernel32.dll")]
    private static extern void GetCurrentThreadStackLimits(out nuint low, out nuint high);

    [DllImport("libc", EntryPoint = "pthread_self")]
    private static extern nint pthread_self();

    [DllImport("libc", EntryPoint = "pthread_getattr_np")]
    private static extern int pthread_getattr_np(nint thread, byte* attr);

    [DllImport("libc", EntryPoint = "pthread_attr_getstack")]
    private static extern int pthread_attr_getstack(byte* attr, out nint addr, out nuint size);

    [DllImport("libc", EntryPoint = "pthread_attr_destroy")]
    private static extern int pthread_attr_destroy(byte* attr);
}
