namespace Greentic.TestSupport;

/// <summary>Where the repository and the build outputs the tests run are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug or Release), so peers are built to match.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>greentic.dll next to this assembly (the project reference copies it with the sidecar host).</summary>
    public static string GreenticDll => Existing(Path.Combine(AppContext.BaseDirectory, "greentic.dll"));

    public static string Clients => Path.Combine(Root, "clients");

    /// <summary><c>../shared</c> beside the checkout: the design documents and upstream's artifacts.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Real upstream Greentic artifacts: <c>components/*.wasm</c>, <c>packs/*.gtpack</c>, <c>wit/</c>.</summary>
    public static string Upstream => Path.Combine(Shared, "upstream");

    /// <summary>The dotnet host running these tests; fall back to PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"'{path}' is missing; build the test project first", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Greentic.Grpc.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Greentic.Grpc.sln above {AppContext.BaseDirectory}");
    }
}
