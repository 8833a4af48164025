using System.Diagnostics;

namespace Greentic.Wasm.Tests.Component;

/// <summary>Runs the reference toolchain the component tests need (clang-14, node + jco). A missing tool is a test
/// failure with the install hint, never a skip.</summary>
internal static class ExternalTools
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ComponentsDir => Path.Combine(RepoRoot, "tests", "wasm-components");

    /// <summary>Builds tests/wasm-components/provider.c into a core module in <paramref name="dir"/>.</summary>
    public static string BuildSampleProvider(string dir)
    {
        string output = Path.Combine(dir, "provider.wasm");
        Run("clang-14", "apt-get install clang-14 lld-14 (see scripts/install-deps.sh)", ComponentsDir,
            "--target=wasm32", "-nostdlib", "-O2", "-mbulk-memory", "-Wall", "-Werror", "-Wl,--no-entry",
            "-o", output, "provider.c", "alloc.c");
        return output;
    }

    public static string Run(string tool, string installHint, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is required by this test and could not be started ({e.Message}); install it: {installHint}", e);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(ToolTimeout))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish within {ToolTimeout}");
            }
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {p.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
            return stdout.Result;
        }
    }

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "greentic-wasm-component", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Greentic.Grpc.sln"))) return d.FullName;
        throw new InvalidOperationException($"no Greentic.Grpc.sln above {AppContext.BaseDirectory}");
    }
}
