using BenchmarkDotNet.Attributes;

namespace Greentic.Wasm.Benchmarks;

/// <summary>Crossing the boundary: host→guest through a typed delegate, guest→host through an import, and
/// instantiating an already compiled ~50 KB module.</summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
    public const int HostCallsPerInvoke = 1000;

    private Func<int, int, int> add = null!;
    private Func<int, int> callHost = null!;
    private Func<int, int> callTypedHost = null!;
    private Engine engine = null!;
    private Linker linker = null!;
    private Module fiftyKb = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = new Engine();
        linker = new Linker(engine);
        linker.DefineFunction("env", "inc", new FuncType([ValType.I32], [ValType.I32]),
            (args, results) => results[0] = Value.I32(args[0].AsI32() + 1));
        var instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "calls", BenchModules.Assemble(BenchModules.Calls)));
        add = instance.GetFunction<int, int, int>("add")!;
        callHost = instance.GetFunction<int, int>("call_host")!;
        var typedLinker = new Linker(engine);
        typedLinker.DefineFunction("env", "inc", (Func<int, int>)(x => x + 1));
        callTypedHost = typedLinker.Instantiate(new Store(engine), Module.FromBytes(engine, "calls", BenchModules.Assemble(BenchModules.Calls)))
            .GetFunction<int, int>("call_host")!;
        FiftyKbBytes = BenchModules.Assemble(BenchModules.FiftyKilobytes());
        fiftyKb = Module.FromBytes(engine, "fifty", FiftyKbBytes);
    }

    public byte[] FiftyKbBytes { get; private set; } = [];

    [Benchmark(Description = "host→guest call (typed delegate, i32 add)")]
    public int HostToGuest() => add(1, 2);

    [Benchmark(Description = "guest→host call (import in a guest loop)", OperationsPerInvoke = HostCallsPerInvoke)]
    public int GuestToHost() => callHost(HostCallsPerInvoke);

    [Benchmark(Description = "guest→host call (typed Func<int,int> import)", OperationsPerInvoke = HostCallsPerInvoke)]
    public int GuestToTypedHost() => callTypedHost(HostCallsPerInvoke);

    [Benchmark(Description = "instantiate a compiled 50 KB module (new store)")]
    public Instance Instantiate() => linker.Instantiate(new Store(engine), fiftyKb);

    [Benchmark(Description = "compile a 50 KB module (decode + validate + IL)")]
    public Module Compile() => Module.FromBytes(engine, "fifty", FiftyKbBytes);
}
