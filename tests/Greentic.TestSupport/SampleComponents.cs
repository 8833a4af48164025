namespace Greentic.TestSupport;

/// <summary>
/// Our C sample components (<c>echo</c>, <c>hostio</c>, <c>hostile</c>), built once per test run by
/// <c>sidecars/components/build.sh</c> into a folder under the temp directory (the script skips the work when the
/// sources did not change). A missing tool fails the tests.
/// </summary>
public static class SampleComponents
{
    private static readonly Lazy<string> Folder = new(Build);

    /// <summary>The built <c>NAME.wasm</c>.</summary>
    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name + ".wasm");

    /// <summary>A real upstream component from <c>../shared/upstream/components/</c>, e.g. <c>messaging-provider-dummy</c>.</summary>
    public static string Upstream(string name) => RepoPaths.Existing(System.IO.Path.Combine(RepoPaths.Upstream, "components", name + ".wasm"));

    private static string Build()
    {
        var output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "greentic-test-components");
        var script = System.IO.Path.Combine(RepoPaths.Root, "sidecars", "components", "build.sh");
        using var process = ProcessRunner.Start(ProcessRunner.StartInfo("bash", [script, output], RepoPaths.Root), $"bash {script}");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            ProcessRunner.Kill(process);
            throw new TimeoutException("sidecars/components/build.sh took over 5 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sidecars/components/build.sh failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return output;
    }
}
