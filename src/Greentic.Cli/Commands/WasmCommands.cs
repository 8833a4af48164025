using System.CommandLine;
using System.Globalization;
using Greentic.Wasm;
using Greentic.Wasm.Wast;

namespace Greentic.Cli.Commands;

/// <summary><c>greentic wasm run</c> (invoke an export) and <c>greentic wasm wast</c> (run spec scripts).</summary>
internal static class WasmCommands
{
    private const int ExitOk = 0;
    private const int ExitTrap = 1;
    private const int ExitError = 2;

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
            Description = "Arguments for the invoked function, parsed by its parameter types (decimal or 0x-hex integers; floats, nan, inf).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var invoke = new Option<string?>("--invoke") { Description = "Export to call (default: _start if exported)." };
        var fuel = new Option<long?>("--fuel") { Description = "Stop with an out-of-fuel trap after about this many instructions." };
        var timeout = new Option<double?>("--timeout") { Description = "Interrupt the guest after this many seconds." };
        var run = new Command("run", "Instantiate a module and call one of its exports, printing the results.");
        run.Arguments.Add(file);
        run.Arguments.Add(args);
        run.Options.Add(invoke);
        run.Options.Add(fuel);
        run.Options.Add(timeout);
        run.SetAction(parse => Run(
            parse.GetValue(file)!,
            parse.GetValue(invoke),
            parse.GetValue(args) ?? [],
            parse.GetValue(fuel),
            parse.GetValue(timeout)));
        return run;
    }

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

    private static int Run(FileInfo file, string? exportName, string[] rawArgs, long? fuel, double? timeoutSeconds)
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = fuel is not null });
        var store = new Store(engine);
        if (fuel is long f) store.SetFuel(f);
        Instance instance;
        try
        {
            var module = Module.FromBytes(engine, Path.GetFileNameWithoutExtension(file.Name), File.ReadAllBytes(file.FullName));
            instance = new Linker(engine).Instantiate(store, module);
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
        using var deadline = timeoutSeconds is double s ? store.SetTimeout(TimeSpan.FromSeconds(s)) : null;
        try
        {
            foreach (var r in function.Invoke((ReadOnlySpan<Value>)values)) Console.WriteLine(Format(r));
            return ExitOk;
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
