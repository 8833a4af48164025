namespace Greentic.Wasm.Wasi;

/// <summary>Maps a guest path, relative to a directory descriptor, to a host path that stays inside the
/// directory's preopen: absolute paths are refused, <c>..</c> may not climb above the preopen, and a symbolic
/// link is followed only when its final target is inside the preopen too.</summary>
internal static class WasiSandbox
{
    public static string Resolve(WasiDirectoryDescriptor dir, string guestPath)
    {
        if (guestPath.Length == 0) throw new WasiErrnoException(WasiErrno.NoEnt);
        if (guestPath.Length > 4096) throw new WasiErrnoException(WasiErrno.NameTooLong);
        if (guestPath[0] == '/' || guestPath.Contains('\0') || guestPath.Contains('\\'))
            throw new WasiErrnoException(WasiErrno.NotCapable);

        // Lexical walk from the directory, relative to the preopen root.
        var parts = new List<string>();
        string relativeDir = Path.GetRelativePath(dir.Root, dir.HostPath);
        if (relativeDir != ".") parts.AddRange(relativeDir.Split(Path.DirectorySeparatorChar));
        foreach (var part in guestPath.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw new WasiErrnoException(WasiErrno.NotCapable);
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }

        string current = dir.Root;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            CheckLink(current, dir.Root);
        }
        return current;
    }

    /// <summary>A link is allowed only if everything it finally points at is inside the root.</summary>
    private static void CheckLink(string path, string root)
    {
        FileSystemInfo info = new FileInfo(path);
        if (!info.Exists && Directory.Exists(path)) info = new DirectoryInfo(path);
        if (info.LinkTarget is null) return;
        FileSystemInfo? target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            throw new WasiErrnoException(WasiErrno.Loop);
        }
        if (target is null || !IsInside(Path.GetFullPath(target.FullName), root))
            throw new WasiErrnoException(WasiErrno.NotCapable);
    }

    public static bool IsInside(string fullPath, string root) =>
        fullPath == root || fullPath.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The canonical host path of a preopen (links in the root itself resolved once, at start).</summary>
    public static string CanonicalRoot(string hostPath)
    {
        var full = Path.GetFullPath(hostPath);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"preopened directory '{hostPath}' does not exist");
        var info = new DirectoryInfo(full);
        if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            full = Path.GetFullPath(target.FullName);
        return Path.TrimEndingDirectorySeparator(full);
    }
}
