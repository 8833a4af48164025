using System.Diagnostics;
using System.Text.Json;

namespace Greentic.Wasm.Wast;

public sealed record WastOptions
{
    /// <summary>Engine settings for the scripts (defaults: <see cref="EngineConfig"/> defaults).</summary>
    public EngineConfig Engine { get; init; } = new();

    /// <summary>Any single command running longer than this is interrupted (and fails).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Where spectest print functions write (null: discarded).</summary>
    public TextWriter? PrintOutput { get; init; }

    /// <summary>If set, each command is logged here before it runs (for diagnosing hangs and crashes).</summary>
    public TextWriter? Trace { get; init; }
}

/// <summary>Runs WebAssembly spec scripts converted by wabt's <c>wast2json</c>: every command type, with the
/// standard <c>spectest</c> host module.</summary>
public sealed class WastRunner
{
    private readonly WastOptions options;
    private readonly Engine engine;

    public WastRunner(WastOptions? options = null)
    {
        this.options = options ?? new WastOptions();
        engine = new Engine(this.options.Engine with { EpochInterruption = true });
    }

    /// <summary>Finds wast2json on PATH (or /usr/bin); null if absent.</summary>
    public static string? FindWast2Json()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/local/bin");
        foreach (var d in dirs)
        {
            if (string.IsNullOrEmpty(d)) continue;
            var p = Path.Combine(d, OperatingSystem.IsWindows() ? "wast2json.exe" : "wast2json");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Converts <paramref name="wastPath"/> into <paramref name="outDir"/> with wast2json; returns the .json path.</summary>
    public static string ConvertWast(string wastPath, string outDir, string? wast2json = null)
    {
        wast2json ??= FindWast2Json() ?? throw new FileNotFoundException("wast2json (wabt) is not installed");
        Directory.CreateDirectory(outDir);
        string json = Path.Combine(outDir, Path.GetFileNameWithoutExtension(wastPath) + ".json");
        var psi = new ProcessStartInfo(wast2json) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(wastPath);
        psi.ArgumentList.Add("-o");
        psi.ArgumentList.Add(json);
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(json))
            throw new InvalidOperationException($"wast2json failed on {wastPath} (exit {p.ExitCode}): {err}");
        return json;
    }

    public WastFileResult RunWastFile(string wastPath, string outDir)
    {
        string json;
        try
        {
            json = ConvertWast(wastPath, outDir);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or System.ComponentModel.Win32Exception)
        {
            return new WastFileResult(Path.GetFileName(wastPath)) { Error = e.Message };
        }
        return RunJsonFile(json, Path.GetFileName(wastPath));
    }

    public WastFileResult RunJsonFile(string jsonPath, string? displayName = null)
    {
        var result = new WastFileResult(displayName ?? Path.GetFileName(jsonPath));
        var sw = Stopwatch.StartNew();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            result.Error = e.Message;
            return result;
        }
        using (doc)
        {
            var script = new ScriptState(engine, options, Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
            using var ticker = new Timer(_ => engine.IncrementEpoch(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
            foreach (var cmd in doc.RootElement.GetProperty("commands").EnumerateArray())
            {
                var r = script.Run(cmd, result);
                if (r is not null) result.Record(r);
            }
        }
        result.Elapsed = sw.Elapsed;
        return result;
    }

    /// <summary>State of one script: the store, the registered modules, the current module.</summary>
    private sealed class ScriptState
    {
        private readonly Engine engine;
        private readonly WastOptions options;
        private readonly string dir;
        private readonly Store store;
        private readonly Linker linker;
        private readonly Dictionary<string, Instance> named = new();
        private readonly WastValues values = new();
        private Instance? current;

        public ScriptState(Engine engine, WastOptions options, string dir)
        {
            this.engine = engine;
            this.options = options;
            this.dir = dir;
            store = new Store(engine);
            linker = new Linker(engine) { AllowShadowing = true };
            SpecTestHost.Define(linker, store, options.PrintOutput);
        }

        private long TicksFor(TimeSpan t) => Math.Max(1, (long)(t.TotalMilliseconds / 100));

        public WastCommandResult? Run(JsonElement cmd, WastFileResult file)
        {
            string type = cmd.GetProperty("type").GetString()!;
            int line = cmd.TryGetProperty("line", out var l) ? l.GetInt32() : 0;
            WastCommandResult Pass() => new(line, type, true, null);
            WastCommandResult Fail(string why) => new(line, type, false, why);
            store.SetEpochDeadline(TicksFor(options.CommandTimeout));
            options.Trace?.WriteLine($"{line}: {type}");
            options.Trace?.Flush();
            try
            {
                switch (type)
                {
                    case "module":
                    {
                        current = null;
                        var module = Load(cmd);
                        var inst = linker.Instantiate(store, module);
                        current = inst;
                        if (cmd.TryGetProperty("name", out var n)) named[n.GetString()!] = inst;
                        return Pass();
                    }
                    case "register":
                    {
                        var inst = cmd.TryGetProperty("name", out var n) ? named.GetValueOrDefault(n.GetString()!) : current;
                        if (inst is null) return Fail("no module to register");
                        linker.DefineInstance(cmd.GetProperty("as").GetString()!, inst);
                        return Pass();
                    }
                    case "action":
                        Perform(cmd.GetProperty("action"));
                        return Pass();
                    case "assert_return":
                    {
                        var actual = Perform(cmd.GetProperty("action"));
                        var expected = cmd.GetProperty("expected").EnumerateArray().ToArray();
                        if (expected.Length != actual.Length) return Fail($"expected {expected.Length} results, got {actual.Length}");
                        for (int i = 0; i < expected.Length; i++)
                        {
                            var why = values.Check(expected[i], actual[i]);
                            if (why is not null) return Fail($"result {i}: {why}");
                        }
                        return Pass();
                    }
                    case "assert_trap":
                    case "assert_exhaustion":
                    {
                        string text = cmd.GetProperty("text").GetString()!;
                        try
                        {
                            var r = Perform(cmd.GetProperty("action"));
                            return Fail($"expected trap \"{text}\", got results [{string.Join(", ", r)}]");
                        }
                        catch (TrapException t)
                        {
                            return TrapMatches(t, text) ? Pass() : Fail($"expected trap \"{text}\", got \"{t.Message}\"");
                        }
                    }
                    case "assert_invalid":
                        return ExpectModuleError<WasmValidationException>(cmd, Pass, Fail);
                    case "assert_malformed":
                        if (cmd.GetProperty("module_type").GetString() == "text")
                        {
                            file.TextMalformedCountedAsPassed++;
                            return Pass();
                        }
                        return ExpectModuleError<WasmMalformedException>(cmd, Pass, Fail);
                    case "assert_unlinkable":
                    {
                        var module = Load(cmd);
                        try
                        {
                            linker.Instantiate(store, module);
                            return Fail("module linked, expected \"" + cmd.GetProperty("text").GetString() + "\"");
                        }
                        catch (WasmLinkException)
                        {
                            return Pass();
                        }
                    }
                    case "assert_uninstantiable":
                    {
                        var module = Load(cmd);
                        try
                        {
                            linker.Instantiate(store, module);
                            return Fail("module instantiated, expected trap \"" + cmd.GetProperty("text").GetString() + "\"");
                        }
                        catch (TrapException)
                        {
                            return Pass();
                        }
                    }
                    default:
                        return Fail($"unknown command type {type}");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Fail($"{e.GetType().Name}: {e.Message}");
            }
        }

        private static bool TrapMatches(TrapException t, string text)
        {
            string ours = TrapException.Describe(t.Code);
            return text.StartsWith(ours, StringComparison.Ordinal) || ours.StartsWith(text, StringComparison.Ordinal);
        }

        private WastCommandResult ExpectModuleError<T>(JsonElement cmd, Func<WastCommandResult> pass, Func<string, WastCommandResult> fail)
            where T : WasmException
        {
            string text = cmd.GetProperty("text").GetString()!;
            try
            {
                Load(cmd);
                return fail($"module accepted, expected {typeof(T).Name} \"{text}\"");
            }
            catch (T)
            {
                return pass();
            }
            catch (WasmException e)
            {
                return fail($"expected {typeof(T).Name} \"{text}\", got {e.GetType().Name}: {e.Message}");
            }
        }

        private Module Load(JsonElement cmd)
        {
            string file = cmd.GetProperty("filename").GetString()!;
            var bytes = File.ReadAllBytes(Path.Combine(dir, file));
            return Module.FromBytes(engine, file, bytes);
        }

        private Value[] Perform(JsonElement action)
        {
            var inst = action.TryGetProperty("module", out var mn)
                ? named.GetValueOrDefault(mn.GetString()!) ?? throw new InvalidOperationException($"unknown module {mn.GetString()}")
                : current ?? throw new InvalidOperationException("no current module");
            string field = action.GetProperty("field").GetString()!;
            switch (action.GetProperty("type").GetString())
            {
                case "invoke":
                {
                    var fn = inst.GetFunction(field) ?? throw new InvalidOperationException($"no exported function \"{field}\"");
                    var args = action.GetProperty("args").EnumerateArray().Select(values.ParseArg).ToArray();
                    return fn.Invoke((ReadOnlySpan<Value>)args);
                }
                case "get":
                {
                    var g = inst.GetGlobal(field) ?? throw new InvalidOperationException($"no exported global \"{field}\"");
                    return [g.Value];
                }
                default:
                    throw new NotSupportedException($"action type {action.GetProperty("type").GetString()}");
            }
        }
    }
}
