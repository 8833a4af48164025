using Wasmtime;

namespace Greentic.ComponentHost.Internal;

/// <summary>
/// The one way to make a store. Every store gets, before anything runs in it: a WASI configuration granting
/// nothing (no preopens, no environment, no arguments, no network; stdout and stderr go to the call's logger),
/// the call's limits, its fuel when metering is on, and an epoch deadline that ends the call at its deadline or on
/// cancellation. A store without WASI would abort the process on the guest's first WASI call (TOOLCHAIN.md), so no
/// other code creates stores.
/// </summary>
internal sealed class StoreFactory(Engine engine, ComponentHostOptions options)
{
    public CallStore Create(CallState call, ComponentLimits limits)
    {
        var store = new Store(engine);
        try
        {
            var budget = new GuestOutputSink.SharedBudget(limits.MaxGuestOutputBytes);
            var stdout = new GuestOutputSink(call, isError: false, budget);
            var stderr = new GuestOutputSink(call, isError: true, budget);
            store.SetWasiConfiguration(new WasiConfiguration()
                .WithStandardOutputCallback(stdout.Write)
                .WithStandardErrorCallback(stderr.Write));
            store.SetLimits(limits.MemoryBytes, limits.TableElements, limits.Instances, limits.Tables, limits.Memories);
            if (options.ConsumeFuel) store.Fuel = limits.Fuel;
            store.SetEpochDeadline(1);
            store.SetEpochDeadlineCallback(_ => call.ShouldStop()
                ? throw new CallInterruptedException(call.DeadlineReached ? "deadline exceeded" : "call cancelled")
                : 1UL);
            return new CallStore(store, stdout, stderr, budget, call);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}

/// <summary>A store made by <see cref="StoreFactory"/> for one call; disposing it flushes the guest's output.</summary>
internal sealed class CallStore(Store store, GuestOutputSink stdout, GuestOutputSink stderr,
    GuestOutputSink.SharedBudget budget, CallState call) : IDisposable
{
    public Store Store => store;

    public void Dispose()
    {
        store.Dispose();
        stdout.Flush();
        stderr.Flush();
        if (budget.Dropped > 0)
        {
            var tenant = call.Context.Tenant;
            Log.GuestOutputDropped(call.Context.Logger, tenant.Env, tenant.Tenant, tenant.Team ?? "_", call.Component, budget.Dropped);
        }
    }
}

/// <summary>Thrown from the epoch callback to stop a guest; Wasmtime turns it into the call's error.</summary>
internal sealed class CallInterruptedException(string message) : Exception(message);
