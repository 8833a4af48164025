using Greentic.TestSupport;
using System.Text;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

public sealed class EngineCacheAndSwapTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("gt-cwasm").FullName;

    [Fact]
    public void Concurrent_first_loads_compile_once_and_a_second_engine_loads_from_disk()
    {
        var cache = TempDir();
        using (var engine = new ComponentEngine(new ComponentHostOptions { CacheDirectory = cache }))
        {
            var loaded = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ => engine.LoadSample("echo")).ToList();
            Assert.Equal(1, engine.Compilations);
            foreach (var p in loaded) p.Dispose();
        }
        Assert.Single(Directory.GetFiles(cache, "*.cwasm"));
        using var second = new ComponentEngine(new ComponentHostOptions { CacheDirectory = cache });
        using var echo = second.LoadSample("echo");
        Assert.Equal(0, second.Compilations);
        Assert.True((bool?)Calls.Json(echo.Invoke(Calls.Context(), "echo", "{}"u8))["ok"]);
    }

    [Fact]
    public void A_tampered_or_foreign_artifact_is_discarded_and_recompiled()
    {
        var cache = TempDir();
        using (var engine = new ComponentEngine(new ComponentHostOptions { CacheDirectory = cache })) engine.LoadSample("echo").Dispose();
        var file = Assert.Single(Directory.GetFiles(cache, "*.cwasm"));
        var bytes = File.ReadAllBytes(file);
        bytes[^100] ^= 0xFF;
        File.WriteAllBytes(file, bytes);
        using (var engine = new ComponentEngine(new ComponentHostOptions { CacheDirectory = cache }))
        {
            using var echo = engine.LoadSample("echo");
            Assert.Equal(1, engine.Compilations);
            Assert.True((bool?)Calls.Json(echo.Invoke(Calls.Context(), "echo", "{}"u8))["ok"]);
        }
        // Another configuration (fuel changes compiled code) has another fingerprint: it never picks up this artifact.
        using var fueled = new ComponentEngine(new ComponentHostOptions { CacheDirectory = cache, ConsumeFuel = true });
        using var again = fueled.LoadSample("echo");
        Assert.Equal(1, fueled.Compilations);
        Assert.Equal(2, Directory.GetFiles(cache, "*.cwasm").Length);
    }

    [Fact]
    public void Bytes_that_do_not_match_their_digest_or_are_not_a_component_are_refused()
    {
        using var engine = new ComponentEngine();
        var echo = SampleComponents.Bytes("echo");
        var wrong = Assert.Throws<ComponentException>(() => engine.Load("sha256:" + new string('0', 64), echo));
        Assert.Equal(ComponentErrorKind.InvalidComponent, wrong.Kind);
        var garbage = Encoding.UTF8.GetBytes("not wasm at all");
        var invalid = Assert.Throws<ComponentException>(() => engine.Load(SampleComponents.Digest(garbage), garbage));
        Assert.Equal(ComponentErrorKind.InvalidComponent, invalid.Kind);
    }

    [Fact]
    public async Task A_call_in_flight_finishes_on_its_component_after_a_swap_and_evict()
    {
        using var engine = new ComponentEngine();
        var hostile = engine.LoadSample("hostile");
        using var calling = new ManualResetEventSlim();
        // Its own thread, so the call starts now and not whenever the (busy) pool gets to it.
        var running = Task.Factory.StartNew(() => Assert.Throws<ComponentException>(() =>
        {
            calling.Set();
            return hostile.Invoke(Calls.Context(timeout: TimeSpan.FromSeconds(3)), "loop", "{}"u8);
        }), TaskCreationOptions.LongRunning);
        Assert.True(calling.Wait(TimeSpan.FromSeconds(30)), "the call did not start");
        await Task.Delay(300); // well inside the endless loop (it runs for 3 s)
        // The reload: the old provider is dropped and its compiled form evicted while the call still runs.
        hostile.Dispose();
        engine.Evict(hostile.Digest);
        using var replacement = engine.LoadSample("echo");
        Assert.True((bool?)Calls.Json(replacement.Invoke(Calls.Context(), "echo", "{}"u8))["ok"]);
        Assert.Equal(ComponentErrorKind.DeadlineExceeded, (await running).Kind);
        Assert.Throws<ObjectDisposedException>(() => hostile.Invoke(Calls.Context(), "ok", "{}"u8));
    }

    [Fact]
    public void A_component_without_the_provider_export_is_refused_naming_it()
    {
        // The QA component shipped inside upstream's telegram pack is not a provider.
        using var engine = new ComponentEngine();
        var bytes = UpstreamPack.Entry("messaging-telegram", "components/ai.greentic.component-qa.wasm");
        var e = Assert.Throws<ComponentException>(() => engine.Load(SampleComponents.Digest(bytes), bytes, HostCapabilities.All));
        Assert.True(e.Kind is ComponentErrorKind.MissingExport or ComponentErrorKind.UnsatisfiedImport, $"{e.Kind}: {e.Message}");
        Assert.Contains(e.Subject!, e.Message);
    }
}
