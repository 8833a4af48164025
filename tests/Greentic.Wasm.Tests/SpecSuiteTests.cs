using Greentic.Wasm.Wast;
using Xunit.Abstractions;

namespace Greentic.Wasm.Tests;

/// <summary>Runs every core .wast file of the WebAssembly 2.0 spec suite, converted with wabt's wast2json at test
/// time. Each file must pass fully unless tests/Greentic.Wasm.Tests/spec-known-failures.txt records how many of
/// its commands may still fail; doing worse than recorded fails the test.</summary>
public class SpecSuiteTests
{
    private readonly ITestOutputHelper output;

    public SpecSuiteTests(ITestOutputHelper output) => this.output = output;

    /// <summary>The suite folder: $GREENTIC_WASM_SPEC_DIR, or shared/wasm-spec/core found above the test binaries.</summary>
    public static string? SpecDirectory()
    {
        var env = Environment.GetEnvironmentVariable("GREENTIC_WASM_SPEC_DIR");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "wasm-spec", "core"), Path.Combine(dir.FullName, "wasm-spec", "core") })
                if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static IEnumerable<object[]> Files()
    {
        var dir = SpecDirectory();
        if (dir is null)
        {
            yield return ["(spec suite directory not found)"];
            yield break;
        }
        foreach (var f in Directory.GetFiles(dir, "*.wast").OrderBy(f => f, StringComparer.Ordinal))
            yield return [Path.GetFileName(f)];
    }

    private static Dictionary<string, int> KnownFailures()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "spec-known-failures.txt");
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Split('#')[0].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            known[parts[0]] = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return known;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void SpecFile(string file)
    {
        var dir = SpecDirectory();
        Assert.True(dir is not null, "WebAssembly spec suite not found: set GREENTIC_WASM_SPEC_DIR or provide ../shared/wasm-spec/core");
        Assert.True(WastRunner.FindWast2Json() is not null, "wast2json (wabt) is not installed: apt-get install wabt");

        var outDir = Path.Combine(Path.GetTempPath(), "greentic-wasm-spec", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileNameWithoutExtension(file));
        try
        {
            var result = new WastRunner().RunWastFile(Path.Combine(dir!, file), outDir);
            Assert.True(result.Error is null, result.Error);
            output.WriteLine($"{file}: passed {result.Passed} of {result.Total} ({result.TextMalformedCountedAsPassed} text-format assert_malformed counted as passed) in {result.Elapsed.TotalMilliseconds:F0} ms");
            foreach (var f in result.Failures.Take(50)) output.WriteLine($"  line {f.Line} {f.Type}: {f.Message}");

            int allowed = KnownFailures().GetValueOrDefault(file);
            Assert.True(result.Failed <= allowed,
                $"{file}: {result.Failed} commands failed, at most {allowed} allowed by spec-known-failures.txt. First failures:\n" +
                string.Join("\n", result.Failures.Take(10).Select(f => $"  line {f.Line} {f.Type}: {f.Message}")));
            if (result.Failed < allowed)
                output.WriteLine($"{file} improved: {result.Failed} failures < {allowed} recorded; lower spec-known-failures.txt");
        }
        finally
        {
            try
            {
                Directory.Delete(outDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
