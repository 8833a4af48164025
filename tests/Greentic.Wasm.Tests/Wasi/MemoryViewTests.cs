namespace Greentic.Wasm.Tests.Wasi;

/// <summary>Compiled code caches memory 0's buffer and length per function (the engine change made for the WASI
/// benchmarks); these check that the cache follows growth by a callee, by the host, and by memory.grow itself.</summary>
public class MemoryViewTests
{
    private const string Source = """
        (module
          (import "env" "host_grow" (func $host_grow))
          (memory (export "memory") 1)
          (func $grow_one (drop (memory.grow (i32.const 1))))
          ;; Reads 4 bytes at 70000, beyond the first page, after growing in different ways.
          (func (export "after_callee_grow") (result i32)
            (i32.store (i32.const 16) (i32.const 1))   ;; the view is loaded and used before the call
            (call $grow_one)
            (i32.store (i32.const 70000) (i32.const 42))
            (i32.load (i32.const 70000)))
          (func (export "after_host_grow") (result i32)
            (i32.store (i32.const 16) (i32.const 1))
            (call $host_grow)
            (i32.store (i32.const 200000) (i32.const 43))
            (i32.load (i32.const 200000)))
          (func (export "after_own_grow") (result i32)
            (i32.store (i32.const 16) (i32.const 1))
            (drop (memory.grow (i32.const 10)))
            (i32.store (i32.const 600000) (i32.const 44))
            (i32.load (i32.const 600000)))
          (func (export "beyond") (result i32) (i32.load (i32.const 0x7fffff00))))
        """;

    [Fact]
    public void Accesses_see_growth_by_callee_host_and_memory_grow_and_still_trap_beyond()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        Instance? instance = null;
        linker.DefineFunction("env", "host_grow", new FuncType([], []), (_, _) => instance!.GetMemory("memory")!.Grow(2));
        instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "view", Wat.ToWasm(Source)));
        Assert.Equal(42, instance.GetFunction<int>("after_callee_grow")!());
        Assert.Equal(43, instance.GetFunction<int>("after_host_grow")!());
        Assert.Equal(44, instance.GetFunction<int>("after_own_grow")!());
        Assert.Equal(14u, instance.GetMemory("memory")!.PageCount);
        var trap = Assert.Throws<TrapException>(() => instance.GetFunction<int>("beyond")!());
        Assert.Equal(TrapCode.MemoryOutOfBounds, trap.Code);
    }
}
