using System.Text;
using Greentic.Wasm.Wasi;

namespace Greentic.Wasm.Tests.Wasi;

/// <summary>A guest sleeping inside poll_oneoff is outside guest code, where epoch interruption cannot reach it;
/// WasiConfiguration.Cancellation ends the wait with an Interrupt trap.</summary>
[Collection(WasmProgramsCollection.Name)]
public class WasiCancellationTests(WasmProgramsFixture programs)
{
    [Fact]
    public void Cancellation_ends_an_hour_long_sleep_with_an_interrupt_trap()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        var stdout = new MemoryStream();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var wasi = linker.DefineWasi(new WasiConfiguration { StandardOutput = stdout, Cancellation = cancel.Token });
        var instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "sleep", File.ReadAllBytes(programs.Wasm("sleep_long"))));
        var run = Task.Run(() => wasi.RunStart(instance));
        Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(2)), "the sleep was not interrupted");
        var trap = Assert.IsType<TrapException>(run.Exception?.InnerException);
        Assert.Equal(TrapCode.Interrupt, trap.Code);
        Assert.Equal("sleeping\n", Encoding.UTF8.GetString(stdout.ToArray()));
    }
}
