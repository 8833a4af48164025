using Greentic.TestSupport;
using Greentic.ComponentHost.Tests.Support;

namespace Greentic.ComponentHost.Tests;

/// <summary>Each misbehaviour is contained with the right kind, and the next call on the same component still works.</summary>
public sealed class HostileComponentTests
{
    private static ComponentException Fails(ProviderComponent hostile, string op, CapturingLogger? logger = null, TimeSpan? timeout = null)
    {
        var e = Assert.Throws<ComponentException>(() => hostile.Invoke(Calls.Context(logger, timeout: timeout), op, Calls.Utf8("{}")));
        // The process lives and the component is still usable: the trapped store was dropped.
        Assert.True((bool?)Calls.Json(hostile.Invoke(Calls.Context(), "ok", Calls.Utf8("{}")))["ok"]);
        return e;
    }

    [Fact]
    public void An_infinite_loop_ends_at_the_deadline()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile");
        var e = Fails(hostile, "loop", timeout: TimeSpan.FromMilliseconds(300));
        Assert.True(e.Kind == ComponentErrorKind.DeadlineExceeded, $"{e.Kind}: {e.Message}");
    }

    [Fact]
    public void Cancellation_stops_a_running_guest()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var context = new ComponentCallContext { Tenant = Calls.Acme, Timeout = TimeSpan.FromMinutes(5), CancellationToken = cancel.Token };
        var e = Assert.Throws<ComponentException>(() => hostile.Invoke(context, "loop", Calls.Utf8("{}")));
        Assert.True(e.Kind == ComponentErrorKind.Cancelled, $"{e.Kind}: {e.Message}");
    }

    [Fact]
    public void Fuel_stops_an_infinite_loop_when_metering_is_on()
    {
        using var engine = new ComponentEngine(new ComponentHostOptions
        {
            ConsumeFuel = true,
            DefaultLimits = new ComponentLimits { Fuel = 50_000_000 },
        });
        using var hostile = engine.LoadSample("hostile");
        var e = Fails(hostile, "loop", timeout: TimeSpan.FromMinutes(5));
        Assert.True(e.Kind == ComponentErrorKind.ResourceExhausted, $"{e.Kind}: {e.Message}");
        Assert.Contains("fuel", e.Message);
    }

    [Fact]
    public void Deep_recursion_exhausts_the_wasm_stack()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile");
        var e = Fails(hostile, "recurse");
        Assert.True(e.Kind == ComponentErrorKind.ResourceExhausted, $"{e.Kind}: {e.Message}");
        Assert.Contains("stack", e.Message);
    }

    [Fact]
    public void A_memory_grow_bomb_is_refused_at_the_store_limit()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile", limits: new ComponentLimits { MemoryBytes = 32L * 1024 * 1024 });
        var logger = new CapturingLogger();
        var e = Fails(hostile, "grow", logger);
        Assert.True(e.Kind == ComponentErrorKind.ResourceExhausted, $"{e.Kind}: {e.Message}");
        Assert.Contains(logger.Messages, m => m.Contains("memory allocation of"));
    }

    [Fact]
    public void Unreachable_is_a_trap_with_its_message()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile");
        var e = Fails(hostile, "trap");
        Assert.True(e.Kind == ComponentErrorKind.Trap, $"{e.Kind}: {e.Message}");
        Assert.Contains("unreachable", e.Message);
        Assert.Equal("greentic:provider-schema-core/schema-core-api@1.0.0#invoke", e.Subject);
    }

    [Fact]
    public void A_50_MB_output_is_refused_by_the_output_cap()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile", limits: new ComponentLimits { MemoryBytes = 128L * 1024 * 1024 });
        var e = Fails(hostile, "big");
        Assert.True(e.Kind == ComponentErrorKind.ResourceExhausted, $"{e.Kind}: {e.Message}");
        // Wasmtime itself refuses to copy that much out of the guest in one call, before the host's cap is reached.
        Assert.Contains("too much data", e.Message);
    }

    [Fact]
    public void An_output_over_the_hosts_cap_is_refused_before_it_is_copied()
    {
        using var engine = new ComponentEngine();
        using var echo = engine.LoadSample("echo", limits: new ComponentLimits { MaxOutputBytes = 64 * 1024 });
        var input = Calls.Utf8("{\"pad\":\"" + new string('x', 100_000) + "\"}");
        var e = Assert.Throws<ComponentException>(() => echo.Invoke(Calls.Context(), "echo", input));
        Assert.True(e.Kind == ComponentErrorKind.ResourceExhausted, $"{e.Kind}: {e.Message}");
        Assert.Contains("exceeds the limit of 65536 bytes", e.Message);
    }

    [Fact]
    public void An_oversized_input_is_refused_before_the_guest_runs()
    {
        using var engine = new ComponentEngine();
        using var echo = engine.LoadSample("echo", limits: new ComponentLimits { MaxInputBytes = 1024 });
        var e = Assert.Throws<ComponentException>(() => echo.Invoke(Calls.Context(), "echo", new byte[2048]));
        Assert.True(e.Kind == ComponentErrorKind.ResourceExhausted, $"{e.Kind}: {e.Message}");
    }

    [Fact]
    public void Many_concurrent_hostile_and_normal_calls_each_get_their_own_outcome()
    {
        using var engine = new ComponentEngine();
        using var hostile = engine.LoadSample("hostile");
        using var echo = engine.LoadSample("echo");
        var ops = new[] { "trap", "ok", "recurse", "loop" };
        var outcomes = Enumerable.Range(0, 24).AsParallel().WithDegreeOfParallelism(6).Select(i =>
        {
            var op = ops[i % ops.Length];
            try
            {
                if (i % 3 == 0)
                    return (string?)Calls.Json(echo.Invoke(Calls.Context(), "echo", Calls.Utf8($"{{\"i\":{i}}}")))["input"]!["i"]!.ToString() == i.ToString() ? "echo" : "wrong";
                hostile.Invoke(Calls.Context(timeout: TimeSpan.FromMilliseconds(500)), op, Calls.Utf8("{}"));
                return op == "ok" ? "ok" : "unexpected success";
            }
            catch (ComponentException e)
            {
                return (op, e.Kind) switch
                {
                    ("trap", ComponentErrorKind.Trap) or ("recurse", ComponentErrorKind.ResourceExhausted)
                        or ("loop", ComponentErrorKind.DeadlineExceeded) => "contained",
                    _ => $"{op}: {e.Kind}: {e.Message}",
                };
            }
        }).ToList();
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "echo", "ok", "contained" }));
    }
}
