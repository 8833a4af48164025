using BenchmarkDotNet.Attributes;
using RunStrategy = BenchmarkDotNet.Engines.RunStrategy;
using Greentic.ComponentHost.Internal;
using Wasmtime;
using Wasmtime.Components;

namespace Greentic.ComponentHost.Benchmarks;

/// <summary>Compiling upstream's 1 MB telegram component vs deserializing its cached artifact.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CompileBenchmarks
{
    private Engine engine = null!;
    private byte[] wasm = null!;
    private byte[] serialized = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = EngineBuilder.Build(new ComponentHostOptions());
        wasm = Samples.Upstream("messaging-provider-telegram");
        using var component = Component.FromBytes(engine, wasm);
        serialized = component.Serialize();
    }

    [Benchmark(Baseline = true)]
    public void Compile()
    {
        using var component = Component.FromBytes(engine, wasm);
    }

    [Benchmark]
    public void LoadCached()
    {
        using var component = Component.Deserialize(engine, serialized);
    }

    [GlobalCleanup]
    public void Cleanup() => engine.Dispose();
}
