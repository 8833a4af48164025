namespace Greentic.TestSupport;

/// <summary>Where the repository and the build outputs the tests run are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Debug or Release), so peers are built to match.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>
    /// The CLI: greentic.dll next to this assembly when the test project references the CLI, else the CLI's own build
    /// output in the same configuration (scripts/test.sh builds the solution first; a missing one fails the test).
    /// </summary>
    public static string GreenticDll => File.Exists(Path.Combine(AppContext.BaseDirectory, "greentic.dll"))
        ? Path.Combine(AppContext.BaseDirectory, "greentic.dll")
        : Existing(Path.Combine(Root, "src", "Greentic.Cli", "bin", Configuration, "net10.0", "greentic.dll"));

    /// <summary>The C# sidecar host, greentic-sidecar.dll, found like <see cref="GreenticDll"/>.</summary>
    public static string SidecarDll => File.Exists(Path.Combine(AppContext.BaseDirectory, "greentic-sidecar.dll"))
        ? Path.Combine(AppContext.BaseDirectory, "greentic-sidecar.dll")
        : Existing(Path.Combine(Root, "sidecars", "Greentic.Sidecar.Host", "bin", Configuration, "net10.0", "greentic-sidecar.dll"));

    public static string Clients => Path.Combine(Root, "clients");

    /// <summary><c>../shared</c> beside the checkout: the design documents and upstream's artifacts.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Real upstream Greentic artifacts: <c>components/*.wasm</c>, <c>packs/*.gtpack</c>, <c>wit/</c>.</summary>
    public static string Upstream => Path.Combine(Shared, "upstream");

    /// <summary>A real upstream provider component, e.g. <c>messaging-provider-telegram</c>.</summary>
    public static string UpstreamComponent(string name) => Path.Combine(Upstream, "components", name + ".wasm");

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
