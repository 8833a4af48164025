namespace Greentic.Cli.Up;

/// <summary>
/// Files only their owner may read: the data folder is 0700 and every key, token, credential and store file in it
/// 0600, whatever the umask. Written files are created with that mode (never briefly world-readable) and swapped in
/// atomically. No-ops on Windows, where ACLs apply instead.
/// </summary>
internal static class OwnerOnlyFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> with mode 0700, or narrows an existing one to 0700.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (!Directory.Exists(path)) Directory.CreateDirectory(path, DirectoryMode);
        else Restrict(path, DirectoryMode);
    }

    /// <summary>Writes <paramref name="text"/> to a 0600 file, replacing <paramref name="path"/> in one rename.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        await using (var stream = new FileStream(temp, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(text.AsMemory(), cancellationToken);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Narrows <paramref name="path"/> to owner-only when it exists (files from older versions, or made by libraries).</summary>
    public static void Restrict(string path, UnixFileMode mode = FileMode)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path)) return;
        try
        {
            if ((File.GetUnixFileMode(path) & ~mode) != 0) File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to change (another user's folder): leave it as it is.
        }
    }
}
