namespace Greentic.Sidecar.Host.Tests;

internal static class RepoPaths
{
    /// <summary>The checkout's root: the folder holding Greentic.Grpc.sln above the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln"))) return dir.FullName;
        throw new InvalidOperationException("Greentic.Grpc.sln not found above " + AppContext.BaseDirectory);
    }
}
