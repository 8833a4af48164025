using Wasmtime;

namespace Greentic.ComponentHost.Internal;

/// <summary>Advances the engine's epoch on a timer, so stores with an epoch deadline notice the time passing.</summary>
internal sealed class EpochTicker : IDisposable
{
    private readonly ITimer timer;

    public EpochTicker(Engine engine, TimeSpan tick, TimeProvider time)
    {
        timer = time.CreateTimer(static state => ((Engine)state!).IncrementEpoch(), engine, tick, tick);
    }

    public void Dispose() => timer.Dispose();
}
