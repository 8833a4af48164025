using static Greentic.Wasm.Tests.WasmBuilder;

namespace Greentic.Wasm.Tests;

/// <summary>A sandbox must stop every hostile module with a clean error, and keep the host alive.</summary>
public class HostileModuleTests
{
    private static Instance Instantiate(byte[] wasm, Engine? engine = null, Store? store = null)
    {
        engine ??= store?.Engine ?? new Engine();
        store ??= new Store(engine);
        return new Linker(engine).Instantiate(store, Module.FromBytes(engine, "test", wasm));
    }

    private static byte[] SpinModule()
    {
        var b = new WasmBuilder();
        var t = b.Type([], []);
        b.ExportFunc("spin", b.Func(t, Concat(Loop(), Br(0), End)));
        return b.Build();
    }

    [Fact]
    public void InfiniteLoop_RunsOutOfFuel()
    {
        var engine = new Engine(new EngineConfig { ConsumeFuel = true });
        var store = new Store(engine);
        store.SetFuel(1_000_000);
        var spin = Instantiate(SpinModule(), engine, store).GetFunction("spin")!;
        var e = Assert.Throws<TrapException>(() => spin.Invoke(ReadOnlySpan<Value>.Empty));
        Assert.Equal(TrapCode.OutOfFuel, e.Code);
        Assert.Equal(0, store.Fuel);
    }

    [Fact]
    public void InfiniteLoop_IsInterruptedByTimeout()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var spin = Instantiate(SpinModule(), engine, store).GetFunction("spin")!;
        using var timeout = store.SetTimeout(TimeSpan.FromMilliseconds(100));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<TrapException>(() => spin.Invoke(ReadOnlySpan<Value>.Empty));
        Assert.Equal(TrapCode.Interrupt, e.Code);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void InfiniteLoop_IsInterruptedByEpochDeadline()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var spin = Instantiate(SpinModule(), engine, store).GetFunction("spin")!;
        store.SetEpochDeadline(2);
        using var ticker = new Timer(_ => engine.IncrementEpoch(), null, 20, 20);
        var e = Assert.Throws<TrapException>(() => spin.Invoke(ReadOnlySpan<Value>.Empty));
        Assert.Equal(TrapCode.Interrupt, e.Code);
    }

    private static byte[] RecursionModule(int extraParams = 0, uint locals = 0)
    {
        var b = new WasmBuilder();
        var ps = Enumerable.Repeat(I64, extraParams).Prepend(I32).ToArray();
        var t = b.Type(ps, [I32]);
        var args = new List<byte>();
        for (uint i = 0; i < ps.Length; i++) args.AddRange(LocalGet(i));
        var f = b.Func(t, [.. args, .. Call(0)], locals > 0 ? [(locals, I64)] : []);
        b.ExportFunc("recurse", f);
        var ok = b.Func(b.Type([], [I32]), I32Const(42));
        b.ExportFunc("ok", ok);
        return b.Build();
    }

    private static void ExpectExhaustion(Instance inst, int paramCount)
    {
        var args = new Value[paramCount];
        args[0] = Value.I32(1);
        for (int i = 1; i < paramCount; i++) args[i] = Value.I64(i);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction("recurse")!.Invoke(args));
        Assert.Equal(TrapCode.CallStackExhausted, e.Code);
        // The instance and store still work after the trap.
        Assert.Equal(42, inst.GetFunction("ok")!.Invoke(ReadOnlySpan<Value>.Empty)[0].AsI32());
    }

    [Fact]
    public void UnboundedRecursion_TrapsWithCallStackExhausted()
    {
        ExpectExhaustion(Instantiate(RecursionModule()), 1);
    }

    [Fact]
    public void UnboundedRecursion_WithLargeFrames_Traps()
    {
        ExpectExhaustion(Instantiate(RecursionModule(extraParams: 40, locals: 2000)), 41);
    }

    [Theory]
    [InlineData(256 * 1024)]
    [InlineData(1024 * 1024)]
    public void UnboundedRecursion_OnSmallThreadStacks_Traps(int stackSize)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                ExpectExhaustion(Instantiate(RecursionModule(extraParams: 8, locals: 200)), 9);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, stackSize);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }

    [Fact]
    public void CallDepthLimit_IsConfigurable()
    {
        var engine = new Engine(new EngineConfig { MaxCallDepth = 100 });
        var b = new WasmBuilder();
        var t = b.Type([I32], [I32]);
        // depth(n) = n == 0 ? 0 : depth(n - 1) + 1
        var f = b.Func(t, Concat(LocalGet(0), [0x04, I32], LocalGet(0), I32Const(1), I32Sub, Call(0), I32Const(1), I32Add, [0x05], I32Const(0), End));
        b.ExportFunc("depth", f);
        var depth = Instantiate(b.Build(), engine).GetFunction<int, int>("depth")!;
        Assert.Equal(99, depth(99));
        var e = Assert.Throws<TrapException>(() => depth(100));
        Assert.Equal(TrapCode.CallStackExhausted, e.Code);
        Assert.Equal(50, depth(50));
    }

    [Fact]
    public void MemoryGrowBomb_StopsAtTheStoreLimit()
    {
        var engine = new Engine();
        var store = new Store(engine, new StoreLimits { MaxMemoryPages = 100 });
        var b = new WasmBuilder();
        b.Memory(1);
        var t = b.Type([], [I32]);
        // loop: grow by 7 pages until memory.grow returns -1; then return memory.size
        b.ExportFunc("bomb", b.Func(t, Concat(Loop(), I32Const(7), MemoryGrow, I32Const(-1), [0x47], BrIf(0), End, MemorySize)));
        b.Export("memory", 2, 0);
        var inst = Instantiate(b.Build(), engine, store);
        int pages = inst.GetFunction<int>("bomb")!();
        Assert.True(pages <= 100 && pages > 90, $"pages = {pages}");
        Assert.Equal((uint)pages, inst.GetMemory("memory")!.PageCount);
    }

    [Fact]
    public void HugeMemoryMinimum_IsRefusedAtInstantiation()
    {
        var b = new WasmBuilder();
        b.Memory(60000);
        var e = Assert.Throws<TrapException>(() => Instantiate(b.Build(), store: new Store(new Engine(), new StoreLimits { MaxMemoryPages = 1000 })));
        Assert.Equal(TrapCode.ResourceLimit, e.Code);
    }

    [Fact]
    public void HugeTableMinimum_IsRefusedAtInstantiation()
    {
        var b = new WasmBuilder();
        b.Table(FuncRef, 4_000_000_000);
        var e = Assert.Throws<TrapException>(() => Instantiate(b.Build()));
        Assert.Equal(TrapCode.ResourceLimit, e.Code);
    }

    [Fact]
    public void TableGrowBomb_FailsAtTheLimit()
    {
        var engine = new Engine(new EngineConfig { MaxTableElements = 1000 });
        var b = new WasmBuilder();
        b.Table(ExternRef, 0);
        // table.grow (ref.null extern) (i32.const 0x7fffffff)
        b.ExportFunc("grow", b.Func(b.Type([], [I32]), Concat([0xD0, ExternRef], I32Const(int.MaxValue), [0xFC, 15, 0])));
        b.ExportFunc("grow_ok", b.Func(b.Type([], [I32]), Concat([0xD0, ExternRef], I32Const(1000), [0xFC, 15, 0])));
        var inst = Instantiate(b.Build(), engine);
        Assert.Equal(-1, inst.GetFunction<int>("grow")!());
        Assert.Equal(0, inst.GetFunction<int>("grow_ok")!());
        Assert.Equal(-1, inst.GetFunction<int>("grow_ok")!());
    }

    [Fact]
    public void DeepBlockNesting_ValidatesAndRuns()
    {
        const int depth = 50_000;
        var b = new WasmBuilder();
        var code = Concat(Repeat(Block(), depth), Repeat(End, depth), I32Const(7));
        b.ExportFunc("deep", b.Func(b.Type([], [I32]), code));
        Assert.Equal(7, Instantiate(b.Build()).GetFunction<int>("deep")!());
    }

    [Fact]
    public void DeepBranchOutOfNesting_Runs()
    {
        const int depth = 10_000;
        var b = new WasmBuilder();
        var code = Concat(Repeat(Block(), depth), Br(depth - 1), Repeat(End, depth), I32Const(9));
        b.ExportFunc("deep", b.Func(b.Type([], [I32]), code));
        Assert.Equal(9, Instantiate(b.Build()).GetFunction<int>("deep")!());
    }

    [Fact]
    public void DeepOperandStack_Runs()
    {
        const int n = 20_000;
        var b = new WasmBuilder();
        var code = Concat(Repeat(I32Const(1), n), Repeat(I32Add, n - 1));
        b.ExportFunc("sum", b.Func(b.Type([], [I32]), code));
        Assert.Equal(n, Instantiate(b.Build()).GetFunction<int>("sum")!());
    }

    [Fact]
    public void OversizedSectionLength_IsMalformed()
    {
        byte[] wasm = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00];
        var e = Assert.Throws<WasmMalformedException>(() => Module.FromBytes(new Engine(), "x", wasm));
        Assert.Equal(8, e.Offset);
        Assert.Contains("length out of bounds", e.Message);
        Assert.Contains("offset 8", e.Message);
    }

    [Fact]
    public void HugeVectorCount_IsMalformedWithoutAllocating()
    {
        // A type section claiming 4 billion types in 5 bytes.
        byte[] wasm = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        Assert.Throws<WasmMalformedException>(() => Module.FromBytes(new Engine(), "x", wasm));
    }

    [Fact]
    public void FiftyThousandLocals_AreHandled()
    {
        var b = new WasmBuilder();
        var t = b.Type([I32], [I64]);
        // f(n) = n == 0 ? local[49999] + 5 : f(n - 1); locals are zero-initialized.
        var code = Concat(LocalGet(0), [0x04, I64], LocalGet(0), I32Const(1), I32Sub, Call(0), [0x05], LocalGet(50_000), I64Const(5), [0x7C], End);
        b.ExportFunc("f", b.Func(t, code, (50_000, I64)));
        var f = Instantiate(b.Build()).GetFunction<int, long>("f")!;
        Assert.Equal(5, f(0));
        Assert.Equal(5, f(1));
        // Unbounded recursion through the huge frame still ends in a clean trap.
        var e = Assert.Throws<TrapException>(() => f(1_000_000));
        Assert.Equal(TrapCode.CallStackExhausted, e.Code);
    }

    [Fact]
    public void TooManyLocals_AreRejected()
    {
        var b = new WasmBuilder();
        b.Func(b.Type([], []), [], (50_001, I32));
        var e = Assert.Throws<WasmMalformedException>(() => Module.FromBytes(new Engine(), "x", b.Build()));
        Assert.Contains("too many locals", e.Message);
    }

    [Fact]
    public void TrapInOneInstance_LeavesOthersAndTheHostIntact()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var b = new WasmBuilder();
        b.Memory(1);
        b.ExportFunc("oob", b.Func(b.Type([], [I32]), Concat(I32Const(65536), I32Load())));
        b.ExportFunc("ok", b.Func(b.Type([], [I32]), Concat(I32Const(0), I32Const(11), I32Store(), I32Const(0), I32Load())));
        var wasm = b.Build();
        var a = Instantiate(wasm, engine, store);
        var c = Instantiate(wasm, engine, store);
        var e = Assert.Throws<TrapException>(() => a.GetFunction("oob")!.Invoke(ReadOnlySpan<Value>.Empty));
        Assert.Equal(TrapCode.MemoryOutOfBounds, e.Code);
        Assert.Equal(11, c.GetFunction<int>("ok")!());
        Assert.Equal(11, a.GetFunction<int>("ok")!());
    }
}
