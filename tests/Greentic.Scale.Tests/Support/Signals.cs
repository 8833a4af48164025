using System.Runtime.InteropServices;

namespace Greentic.Scale.Tests.Support;

/// <summary>POSIX signals to a process we started (Process.Kill only sends SIGKILL).</summary>
internal static partial class Signals
{
    public const int SIGTERM = 15;

    public static void Terminate(int pid)
    {
        if (kill(pid, SIGTERM) != 0) throw new InvalidOperationException($"kill({pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
