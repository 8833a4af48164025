namespace Greentic.Wasm.Tests.Wasi;

/// <summary>C programs compiled with clang-14 to wasm32-wasi run in our engine and in node (V8 + node:wasi
/// preview1); stdout and exit code must be identical.</summary>
[Collection(WasmProgramsCollection.Name)]
public class WasiDifferentialTests(WasmProgramsFixture programs)
{
    private void AssertSameAsNode(WasiRun run, string? expectedStdoutContains = null)
    {
        var node = run.InNode(programs.NodeRunner);
        var ours = run.InEngine();
        Assert.Equal(node.StandardOutput, ours.StandardOutput);
        Assert.Equal(node.ExitCode, ours.ExitCode);
        if (expectedStdoutContains is not null) Assert.Contains(expectedStdoutContains, ours.StandardOutput);
    }

    [Fact]
    public void Hello() => AssertSameAsNode(new WasiRun(programs.Wasm("hello")), "hello from wasi\n");

    [Fact]
    public void Arguments_including_spaces_dashes_and_unicode() =>
        AssertSameAsNode(new WasiRun(programs.Wasm("args")) { Args = ["one", "two words", "-x", "--flag=v", "grüße ✓", ""] }, "argv[5]=[grüße ✓]");

    [Fact]
    public void Environment_in_order_and_getenv() =>
        AssertSameAsNode(new WasiRun(programs.Wasm("env")) { Env = [("GREETING", "hi there"), ("A", "b=c"), ("EMPTY", "")] }, "GREETING=hi there");

    [Theory]
    [InlineData("return", "0")]
    [InlineData("return", "7")]
    [InlineData("exit", "42")]
    [InlineData("exit", "255")]
    public void Exit_codes_and_stdio_flush_on_exit(string mode, string code) =>
        AssertSameAsNode(new WasiRun(programs.Wasm("exit_code")) { Args = [mode, code] }, $"leaving with {code} via {mode}");

    [Fact]
    public void Stdin_is_echoed_in_upper_case()
    {
        string input = string.Concat(Enumerable.Range(0, 200).Select(i => $"line {i}: the quick brown fox\n"));
        AssertSameAsNode(new WasiRun(programs.Wasm("stdin_echo")) { Stdin = input }, "LINE 199: THE QUICK BROWN FOX");
    }

    [Fact]
    public void Empty_stdin() => AssertSameAsNode(new WasiRun(programs.Wasm("stdin_echo")), "bytes=0 lines=0");

    [Fact]
    public void Clocks_are_sane() =>
        AssertSameAsNode(new WasiRun(programs.Wasm("clock")), "monotonic advanced by the 2 ms sleep: yes");

    [Fact]
    public void Random_is_random() => AssertSameAsNode(new WasiRun(programs.Wasm("random")), "two draws differ: yes");

    [Fact]
    public void Malloc_heavy_program_grows_memory_and_agrees() =>
        AssertSameAsNode(new WasiRun(programs.Wasm("malloc_heavy")), "checksum=");

    [Fact]
    public void Preopened_directory_is_listed_and_read_and_escapes_refused()
    {
        var dir = Directory.CreateTempSubdirectory("greentic-wasi-dir-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), "alpha");
            File.WriteAllText(Path.Combine(dir.FullName, "b.txt"), "line1\nline2");
            File.WriteAllText(Path.Combine(dir.FullName, "empty.txt"), "");
            Directory.CreateDirectory(Path.Combine(dir.FullName, "sub"));
            AssertSameAsNode(new WasiRun(programs.Wasm("dir_read")) { Dirs = [(dir.FullName, "/data")] }, "b.txt (11 bytes): line1\nline2|");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
