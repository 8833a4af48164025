using System.CommandLine;
using System.Globalization;
using Greentic.Wasm;
using Greentic.Wasm.Wasi;
using Greentic.Wasm.Wast;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic wasm run</c> (invoke an export) and <c>greentic wasm wast</c> (run spec scripts).</summary>
internal static class WasmCommands
{
    private const int ExitOk = 0;
    private const int ExitTrap = 1;
    private const int ExitError = 2;
    /// <summary>A WASI command that traps exits like wasmtime on Unix (128 + SIGABRT), apart from any code the guest picks.</summary>
    private const int ExitCommandTrap = 134;

    public static Command Create()
    {
        var wasm = new Command("wasm", "Run WebAssembly modules and spec test scripts with the built-in engine.");
        wasm.Subcommands.Add(CreateRun());
        wasm.Subcommands.Add(CreateWast());
        return wasm;
    }

    private static Command CreateRun()
    {
        var file = new Argument<FileInfo>("file") { Description = "The module (.wasm binary)." };
        var args = new Argument<string[]>("args")
        {
            Description = "For a WASI command: its arguments (put them after -- when they start with -). With --invoke: the "
                + "function's arguments, parsed by its parameter types (decimal or 0x-hex integers; floats, nan, inf).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var invoke = new Option<string?>("--invoke") { Description = "Export to call (default: _start if exported)." };
        var fuel = new Option<long?>("--fuel") { Description = "Stop with an out-of-fuel trap after about this many instructions." };
        var timeout = new Option<double?>("--timeout") { Description = "Interrupt the guest after this many seconds." };
        var env = new Option<string[]>("--env") { Description = "K=V: an environment variable for the WASI guest (repeatable).", AllowMultipleArgumentsPerToken = false };
        var dir = new Option<string[]>("--dir") { Description = "HOST::GUEST (or HOST): preopen a host directory read-only (repeatable)." };
        var dirRw = new Option<string[]>("--dir-rw") { Description = "HOST::GUEST (or HOST): preopen a host directory read-write (repeatable)." };
        var run = new Command("run", "Run a WASI command's _start with stdio (exit code = the guest's), or call one export and print its results.");
        run.Arguments.Add(file);
        run.Arguments.Add(args);
        foreach (var o in new Option[] { invoke, fuel, timeout, env, dir, dirRw }) run.Options.Add(o);
        run.SetAction(parse => Run(new RunRequest(
            parse.GetValue(file)!,
            parse.GetValue(invoke),
            parse.GetValue(args) ?? [],
            parse.GetValue(fuel),
            parse.GetValue(timeout),
            parse.GetValue(env) ?? [],
            parse.GetValue(dir) ?? [],
            parse.GetValue(dirRw) ?? [])));
        return run;
    }

    private sealed record RunRequest(FileInfo File, string? Invoke, string[] Args, long? Fuel, double? Timeout,
        string[] Env, string[] Dirs, string[] DirsRw);

    private static Command CreateWast()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "wast2json .json files, .wast files (converted with wast2json), or directories of either.",
            Arity = ArgumentArity.OneOrMore,
        };
        var verbose = new Option<bool>("--verbose") { Description = "List every failing command." };
        var wast = new Command("wast", "Run WebAssembly spec test scripts; prints per-file results and 'passed N of M'.");
        wast.Arguments.Add(paths);
        wast.Options.Add(verbose);
        wast.SetAction(parse => RunWast(parse.GetValue(paths) ?? [], parse.GetValue(verbose)));
        return wast;
    }

    private static int Run(RunRequest request)
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = request.Fuel is not null });
        var store = new Store(engine);
        if (request.Fuel is long f) store.SetFuel(f);
        Module module;
        Instance instance;
        WasiContext? wasi = null;
        using var stdout = Console.OpenStandardOutput();
        using var stderr = Console.OpenStandardError();
        try
        {
            module = Module.FromBytes(engine, Path.GetFileNameWithoutExtension(request.File.Name), File.ReadAllBytes(request.File.FullName));
            var linker = new Linker(engine);
            bool command = request.Invoke is null && module.Exports.Any(e => e.Name == "_start");
            if (command || module.Imports.Any(i => i.Module == WasiLinkerExtensions.ModuleName))
            {
                if (!TryWasiConfiguration(request, command, stdout, stderr, out var configuration)) return ExitError;
                wasi = linker.DefineWasi(configuration);
            }
            instance = linker.Instantiate(store, module);
            wasi?.Bind(instance);
        }
        catch (TrapException e)
        {
            Console.Error.WriteLine($"trap during instantiation: {e.Code} ({e.Message})");
            return ExitTrap;
        }
        catch (Exception e) when (e is WasmException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitError;
        }

        using var deadline = request.Timeout is double s ? store.SetTimeout(TimeSpan.FromSeconds(s)) : null;
        if (request.Invoke is null && wasi is not null && instance.GetFunction("_start") is not null)
        {
            try
            {
                return wasi.RunStart(instance);
            }
            catch (TrapException e)
            {
                Console.Error.WriteLine($"trap: {e.Code} ({e.Message})");
                return ExitCommandTrap;
            }
            catch (WasmLinkException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitError;
            }
        }
        return InvokeExport(instance, request.Invoke, request.Args);
    }

    private static bool TryWasiConfiguration(RunRequest request, bool command, Stream stdout, Stream stderr, out WasiConfiguration configuration)
    {
        configuration = null!;
        var env = new List<KeyValuePair<string, string>>();
        foreach (var kv in request.Env)
        {
            int eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                Console.Error.WriteLine($"error: --env expects KEY=VALUE, got \"{kv}\"");
                return false;
            }
            env.Add(new(kv[..eq], kv[(eq + 1)..]));
        }
        var dirs = new List<WasiPreopenedDirectory>();
        foreach (var (spec, readOnly) in request.Dirs.Select(d => (d, true)).Concat(request.DirsRw.Select(d => (d, false))))
        {
            int sep = spec.IndexOf("::", StringComparison.Ordinal);
            string host = sep < 0 ? spec : spec[..sep];
            string guest = sep < 0 ? spec : spec[(sep + 2)..];
            if (host.Length == 0 || guest.Length == 0 || !Directory.Exists(host))
            {
                Console.Error.WriteLine($"error: --dir expects HOST::GUEST with an existing host directory, got \"{spec}\"");
                return false;
            }
            dirs.Add(new WasiPreopenedDirectory(host, guest, readOnly));
        }
        configuration = new WasiConfiguration
        {
            Arguments = command ? [request.File.Name, .. request.Args] : [request.File.Name],
            Environment = env,
            StandardInput = Console.OpenStandardInput(),
            StandardOutput = stdout,
            StandardError = stderr,
            PreopenedDirectories = dirs,
            // --timeout also ends sleeps inside WASI calls (epoch interruption reaches only guest code).
            Cancellation = request.Timeout is double seconds
                ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token
                : CancellationToken.None,
        };
        return true;
    }

    private static int InvokeExport(Instance instance, string? exportName, string[] rawArgs)
    {
        exportName ??= instance.GetFunction("_start") is not null ? "_start" : null;
        if (exportName is null)
        {
            Console.WriteLine("instantiated; no --invoke given and no _start export. Exports:");
            foreach (var (name, item) in instance.Exports)
                Console.WriteLine($"  {name}: {(item is Function fn ? "func " + fn.Type : item.Kind.ToString().ToLowerInvariant())}");
            return ExitOk;
        }
        var function = instance.GetFunction(exportName);
        if (function is null)
        {
            Console.Error.WriteLine($"error: no exported function \"{exportName}\"");
            return ExitError;
        }
        var ps = function.Type.Parameters;
        if (rawArgs.Length != ps.Count)
        {
            Console.Error.WriteLine($"error: {exportName} has type {function.Type}; expected {ps.Count} arguments, got {rawArgs.Length}");
            return ExitError;
        }
        var values = new Value[ps.Count];
        for (int i = 0; i < ps.Count; i++)
        {
            if (!TryParseValue(rawArgs[i], ps[i], out values[i]))
            {
                Console.Error.WriteLine($"error: argument {i} \"{rawArgs[i]}\" is not a valid {ps[i].Name()}");
                return ExitError;
            }
        }
        try
        {
            foreach (var r in function.Invoke((ReadOnlySpan<Value>)values)) Console.WriteLine(Format(r));
            return ExitOk;
        }
        catch (TrapException e) when (WasiExitException.From(e) is { } exit)
        {
            return exit.ExitCode;
        }
        catch (TrapException e)
        {
            Console.Error.WriteLine($"trap: {e.Code} ({e.Message})");
            return ExitTrap;
        }
    }

    private static bool TryParseValue(string s, ValType type, out Value value)
    {
        value = default;
        var inv = CultureInfo.InvariantCulture;
        bool hex = s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.StartsWith("-0x", StringComparison.OrdinalIgnoreCase);
        string digits = s.Replace("0x", "", StringComparison.OrdinalIgnoreCase).Replace("0X", "", StringComparison.Ordinal).TrimStart('-');
        bool negative = s.StartsWith('-');
        switch (type)
        {
            case ValType.I32:
                if (hex && uint.TryParse(digits, NumberStyles.HexNumber, inv, out var hu)) { value = Value.I32(negative ? -(int)hu : (int)hu); return true; }
                if (int.TryParse(s, NumberStyles.Integer, inv, out var i32)) { value = Value.I32(i32); return true; }
                if (uint.TryParse(s, NumberStyles.Integer, inv, out var u32)) { value = Value.I32((int)u32); return true; }
                return false;
            case ValType.I64:
                if (hex && ulong.TryParse(digits, NumberStyles.HexNumber, inv, out var hl)) { value = Value.I64(negative ? -(long)hl : (long)hl); return true; }
                if (long.TryParse(s, NumberStyles.Integer, inv, out var i64)) { value = Value.I64(i64); return true; }
                if (ulong.TryParse(s, NumberStyles.Integer, inv, out var u64)) { value = Value.I64((long)u64); return true; }
                return false;
            case ValType.F32:
                if (TryParseFloat(s, out var f)) { value = Value.F32((float)f); return true; }
                return false;
            case ValType.F64:
                if (TryParseFloat(s, out var d)) { value = Value.F64(d); return true; }
                return false;
            case ValType.FuncRef or ValType.ExternRef:
                if (s == "null") { value = Value.Null(type); return true; }
                return false;
            default:
                return false;
        }
    }

    private static bool TryParseFloat(string s, out double d)
    {
        switch (s.ToLowerInvariant())
        {
            case "nan" or "+nan": d = double.NaN; return true;
            case "-nan": d = -double.NaN; return true;
            case "inf" or "+inf" or "infinity": d = double.PositiveInfinity; return true;
            case "-inf" or "-infinity": d = double.NegativeInfinity; return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d);
    }

    private static string Format(Value v) => v.Type switch
    {
        ValType.I32 => v.AsI32().ToString(CultureInfo.InvariantCulture),
        ValType.I64 => v.AsI64().ToString(CultureInfo.InvariantCulture),
        ValType.F32 => v.AsF32().ToString("R", CultureInfo.InvariantCulture),
        ValType.F64 => v.AsF64().ToString("R", CultureInfo.InvariantCulture),
        _ => v.IsNull ? "null" : v.ToString(),
    };

    private static int RunWast(string[] paths, bool verbose)
    {
        var inputs = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                var jsons = Directory.GetFiles(p, "*.json").OrderBy(x => x, StringComparer.Ordinal).ToList();
                inputs.AddRange(jsons.Count > 0 ? jsons : Directory.GetFiles(p, "*.wast").OrderBy(x => x, StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                inputs.Add(p);
            }
            else
            {
                Console.Error.WriteLine($"error: {p} does not exist");
                return ExitError;
            }
        }
        var runner = new WastRunner();
        var temp = Path.Combine(Path.GetTempPath(), "greentic-wast-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        int total = 0, passed = 0, text = 0, broken = 0;
        try
        {
            foreach (var input in inputs)
            {
                var result = input.EndsWith(".wast", StringComparison.OrdinalIgnoreCase)
                    ? runner.RunWastFile(input, Path.Combine(temp, Path.GetFileNameWithoutExtension(input)))
                    : runner.RunJsonFile(input);
                if (result.Error is not null)
                {
                    broken++;
                    Console.WriteLine($"{result.Name}: ERROR {result.Error}");
                    continue;
                }
                total += result.Total;
                passed += result.Passed;
                text += result.TextMalformedCountedAsPassed;
                string status = result.Failed == 0 ? "ok" : $"FAILED {result.Failed}";
                Console.WriteLine($"{result.Name}: passed {result.Passed} of {result.Total} [{status}] ({result.Elapsed.TotalMilliseconds:F0} ms)");
                foreach (var f in verbose ? result.Failures : result.Failures.Take(5))
                    Console.WriteLine($"    line {f.Line} {f.Type}: {f.Message}");
                if (!verbose && result.Failures.Count > 5) Console.WriteLine($"    ... {result.Failures.Count - 5} more (--verbose)");
            }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        Console.WriteLine($"passed {passed} of {total}");
        if (text > 0)
            Console.WriteLine($"  ({text} of the passed are assert_malformed on text-format modules: counted as passed because this engine accepts only the binary format)");
        if (broken > 0) Console.WriteLine($"  {broken} script(s) could not be run");
        return passed == total && broken == 0 ? ExitOk : ExitTrap;
    }
}
