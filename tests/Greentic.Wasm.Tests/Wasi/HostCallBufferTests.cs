namespace Greentic.Wasm.Tests.Wasi;

/// <summary>Guest→host calls reuse per-thread argument/result arrays (made for WASI-heavy guests); re-entrant and
/// concurrent calls must still see their own values.</summary>
public class HostCallBufferTests
{
    private const string Source = """
        (module
          (import "env" "host" (func $host (param i32 i32) (result i32)))
          ;; depth(n) = host(n, n) where the host calls back depth(n - 1) before answering.
          (func (export "depth") (param i32) (result i32) (call $host (local.get 0) (i32.mul (local.get 0) (i32.const 10))))
          (func (export "sum") (param $n i32) (result i32) (local $acc i32)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (i32.add (local.get $acc) (call $host (i32.const -1) (local.get $n))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (local.get $acc)))
        """;

    [Fact]
    public void Reentrant_and_concurrent_host_calls_keep_their_own_arguments_and_results()
    {
        var engine = new Engine();
        var module = Module.FromBytes(engine, "reentry", Wat.ToWasm(Source));
        var linker = new Linker(engine);
        var depth = new ThreadLocal<Func<int, int>?>();
        linker.DefineFunction("env", "host", new FuncType([ValType.I32, ValType.I32], [ValType.I32]), (args, results) =>
        {
            int n = args[0].AsI32(), tenfold = args[1].AsI32();
            if (n < 0) { results[0] = Value.I32(tenfold); return; }
            int inner = n == 0 ? 0 : depth.Value!(n - 1);
            // args must still hold this call's values after the nested calls used the same arity.
            results[0] = Value.I32(inner + args[1].AsI32() + (tenfold == n * 10 ? 0 : 1_000_000));
        });
        int Run(int n)
        {
            var instance = linker.Instantiate(new Store(engine), module);
            depth.Value = instance.GetFunction<int, int>("depth");
            return depth.Value!(n) + instance.GetFunction<int, int>("sum")!(1000);
        }
        Assert.Equal(10 * (20 * 21 / 2) + 1000 * 1001 / 2, Run(20));
        var results = new int[4];
        Parallel.For(0, 4, i => results[i] = Run(30 + i));
        for (int i = 0; i < 4; i++) Assert.Equal(10 * ((30 + i) * (31 + i) / 2) + 1000 * 1001 / 2, results[i]);
    }
}
