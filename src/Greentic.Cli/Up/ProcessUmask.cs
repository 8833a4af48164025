using System.Runtime.InteropServices;

namespace Greentic.Cli.Up;

/// <summary>
/// <c>up</c> and <c>serve</c> run with umask 077: every file the process or its sidecars create — SQLite databases and
/// their journals, lock files, caches, sockets, files libraries write — is owner-only from its first byte, not just the
/// ones this code names. (The files it writes itself are also created 0600 explicitly; see <see cref="OwnerOnlyFiles"/>.)
/// </summary>
internal static partial class ProcessUmask
{
    private const uint OwnerOnly = 0x3F; // 077

    public static void RestrictToOwner()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) umask(OwnerOnly);
    }

    [LibraryImport("libc")]
    private static partial uint umask(uint mask);
}
