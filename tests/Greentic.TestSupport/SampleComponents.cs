using System.Diagnostics;
using System.Security.Cryptography;

namespace Greentic.TestSupport;

/// <summary>
/// Our C sample components, built once per test run by <c>sidecars/components/build.sh</c> into a folder under the
/// temp directory (the script skips the work when the sources did not change). A missing tool fails the tests.
/// </summary>
public static class SampleComponents
{
    private static readonly Lazy<string> Folder = new(Build);

    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name + ".wasm");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>A real upstream component from <c>../shared/upstream/components/</c>, e.g. <c>messaging-provider-dummy</c>.</summary>
    public static string Upstream(string name) => RepoPaths.Existing(System.IO.Path.Combine(RepoPaths.Upstream, "components", name + ".wasm"));

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Build()
    {
        var output = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "greentic-componenthost-samples");
        var script = System.IO.Path.Combine(RepoPaths.Root, "sidecars", "components", "build.sh");
        var start = new ProcessStartInfo("bash", [script, output]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); throw new TimeoutException("build.sh took over 5 minutes"); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"sidecars/components/build.sh failed ({process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return output;
    }
}
