namespace Greentic.Wasm.Tests.Wasi;

/// <summary>Compiles the C programs of tests/wasm-programs with clang-14 --target=wasm32-wasi, once per test run
/// (shared by the test classes through <see cref="WasmProgramsFixture"/>).</summary>
public sealed class WasmProgramsFixture : IDisposable
{
    private readonly Dictionary<string, string> compiled = new();
    private readonly object gate = new();

    public WasmProgramsFixture()
    {
        SourceDirectory = FindSourceDirectory();
        OutputDirectory = Path.Combine(Path.GetTempPath(), "greentic-wasi-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(OutputDirectory);
    }

    public string SourceDirectory { get; }
    public string OutputDirectory { get; }

    /// <summary>The script that runs a WASI command in node (the reference implementation).</summary>
    public string NodeRunner => Path.Combine(SourceDirectory, "run-node.mjs");

    /// <summary>Path of the compiled program (compiled on first use).</summary>
    public string Wasm(string name)
    {
        lock (gate)
        {
            if (compiled.TryGetValue(name, out var path)) return path;
            path = Path.Combine(OutputDirectory, name + ".wasm");
            var r = ToolProcess.Run("clang-14",
                ["--target=wasm32-wasi", "-O2", "-o", path, Path.Combine(SourceDirectory, name + ".c")]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"clang-14 failed on {name}.c:\n{r.StandardError}");
            compiled[name] = path;
            return path;
        }
    }

    private static string FindSourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "wasm-programs");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/wasm-programs not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WasmProgramsCollection : ICollectionFixture<WasmProgramsFixture>
{
    public const string Name = "wasm-programs";
}
