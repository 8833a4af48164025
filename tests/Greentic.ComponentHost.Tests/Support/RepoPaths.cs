namespace Greentic.ComponentHost.Tests.Support;

/// <summary>Where the repository and the shared upstream artifacts are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/upstream/</c> relative to the repository root.</summary>
    public static string Upstream => Path.GetFullPath(Path.Combine(Root, "..", "shared", "upstream"));

    public static string UpstreamComponent(string name) => Path.Combine(Upstream, "components", name + ".wasm");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Greentic.Grpc.sln) not found above " + AppContext.BaseDirectory);
    }
}
