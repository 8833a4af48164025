using BenchmarkDotNet.Attributes;

namespace Greentic.ComponentHost.Benchmarks;

/// <summary>Fresh store + instantiate + call + dispose, per call, through the public API.</summary>
[MemoryDiagnoser]
public class CallBenchmarks
{
    private ComponentEngine engine = null!;
    private ProviderComponent echo = null!;
    private ComponentCallContext context = null!;
    private byte[] input = null!;

    [Params(ByteListTransfer.Bulk, ByteListTransfer.PerElement)]
    public ByteListTransfer Transfer { get; set; }

    [Params(1024, 16 * 1024, 64 * 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        engine = new ComponentEngine(new ComponentHostOptions { ByteListTransfer = Transfer });
        var bytes = Samples.Sample("echo");
        echo = engine.Load(Samples.Digest(bytes), bytes);
        context = new ComponentCallContext { Tenant = new TenantScope("bench", "acme") };
        // A JSON object of the requested size: {"pad":"xxxx…"}
        input = System.Text.Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', PayloadBytes - 10) + "\"}");
    }

    /// <summary>invoke("echo", input) → {"ok":true,"op":"echo","input":…}: the payload crosses in and back out.</summary>
    [Benchmark]
    public byte[] InvokeEcho() => echo.Invoke(context, "echo", input);

    [GlobalCleanup]
    public void Cleanup()
    {
        echo.Dispose();
        engine.Dispose();
    }
}

/// <summary>The fixed cost of a call: healthcheck() has no input and a 15-byte output.</summary>
[MemoryDiagnoser]
public class InstantiationBenchmarks
{
    private ComponentEngine engine = null!;
    private ProviderComponent echo = null!;
    private ProviderComponent telegram = null!;
    private ComponentCallContext context = null!;

    [GlobalSetup]
    public void Setup()
    {
        engine = new ComponentEngine();
        var bytes = Samples.Sample("echo");
        echo = engine.Load(Samples.Digest(bytes), bytes);
        var tg = Samples.Upstream("messaging-provider-telegram");
        telegram = engine.Load(Samples.Digest(tg), tg);
        context = new ComponentCallContext { Tenant = new TenantScope("bench", "acme") };
    }

    [Benchmark(Baseline = true)]
    public byte[] EchoHealthcheck() => echo.Healthcheck(context);

    [Benchmark]
    public byte[] TelegramHealthcheck() => telegram.Healthcheck(context);

    [GlobalCleanup]
    public void Cleanup()
    {
        echo.Dispose();
        telegram.Dispose();
        engine.Dispose();
    }
}
