namespace Greentic.Cli.Up;

/// <summary>
/// One control plane per data folder: <c>up</c> holds an exclusive lock on <c>{data}/up.lock</c> while it runs, so a
/// second <c>up</c> on the same folder stops before it touches a file (routes, tokens, sockets) the first one uses.
/// The lock is the operating system's (flock), so it goes with the process however that ends.
/// </summary>
internal sealed class DataDirLock : IDisposable
{
    public const string FileName = "up.lock";
    private readonly FileStream _stream;

    private DataDirLock(FileStream stream) => _stream = stream;

    /// <returns>Null when another process holds the lock.</returns>
    public static DataDirLock? TryAcquire(string dataDir)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFiles.FileMode;
        try
        {
            return new DataDirLock(new FileStream(Path.Combine(dataDir, FileName), options));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
