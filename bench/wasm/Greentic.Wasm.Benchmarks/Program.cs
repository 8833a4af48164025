using System.Diagnostics;
using BenchmarkDotNet.Running;
using Greentic.Wasm;
using Greentic.Wasm.Benchmarks;
using Greentic.Wasm.Wasi;

if (args.Length > 0 && args[0] == "wasi")
{
    // Runs a WASI command with inherited stdio: what ../run.sh times against native and node.
    var engine = new Engine();
    var linker = new Linker(engine);
    using var stdout = Console.OpenStandardOutput();
    using var stderr = Console.OpenStandardError();
    var wasi = linker.DefineWasi(new WasiConfiguration
    {
        Arguments = [Path.GetFileName(args[1]), .. args[2..]],
        StandardInput = Console.OpenStandardInput(),
        StandardOutput = stdout,
        StandardError = stderr,
    });
    var instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "bench", File.ReadAllBytes(args[1])));
    return wasi.RunStart(instance);
}

if (args.Contains("--quick"))
{
    var b = new CallBenchmarks();
    b.Setup();
    Console.WriteLine($"50 KB module: {b.FiftyKbBytes.Length} bytes");
    Quick("host→guest call", 20_000_000, 1, () => b.HostToGuest());
    Quick("guest→host call", 20_000, CallBenchmarks.HostCallsPerInvoke, () => b.GuestToHost());
    Quick("guest→host call (typed Func<int,int>)", 20_000, CallBenchmarks.HostCallsPerInvoke, () => b.GuestToTypedHost());
    Quick("instantiate 50 KB module", 20_000, 1, () => b.Instantiate());
    Quick("compile 50 KB module", 50, 1, () => b.Compile());
    // Where instantiation time goes: the same module with 1 page of memory (64 KiB, below the large object heap).
    var engine = new Engine();
    var small = Module.FromBytes(engine, "fifty-1page", BenchModules.Assemble(BenchModules.FiftyKilobytes(memoryPages: 1)));
    var linker = new Linker(engine);
    linker.DefineFunction("env", "inc", new FuncType([ValType.I32], [ValType.I32]), (a, r) => r[0] = Value.I32(a[0].AsI32() + 1));
    Quick("instantiate 50 KB module with 1 memory page", 20_000, 1, () => linker.Instantiate(new Store(engine), small));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(CallBenchmarks).Assembly).Run(args);
return 0;

// Median of 7 timed batches after a warm-up batch; prints ns per operation.
static void Quick(string name, int iterations, int opsPerIteration, Action action)
{
    var samples = new List<double>();
    for (int batch = 0; batch < 8; batch++)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++) action();
        if (batch > 0) samples.Add(sw.Elapsed.TotalNanoseconds / ((double)iterations * opsPerIteration));
    }
    samples.Sort();
    Console.WriteLine($"{name}: median {samples[3]:F1} ns, min {samples[0]:F1} ns");
}
