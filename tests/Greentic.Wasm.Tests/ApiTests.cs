namespace Greentic.Wasm.Tests;

public class ApiTests
{
    [Fact]
    public void TypedFunctions()
    {
        var inst = Wat.Instantiate("""
            (module
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
              (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
              (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5))))
            """);
        Assert.Equal(5, inst.GetFunction<int, int, int>("add")!(2, 3));
        Assert.Equal(1L << 40, inst.GetFunction<long, long, long>("mul64")!(1 << 20, 1 << 20));
        Assert.Equal(1.25, inst.GetFunction<double, double>("half")!(2.5));
        Assert.Null(inst.GetFunction<long, long>("add"));
        var r = inst.GetFunction("add")!.Invoke([Value.I32(40), Value.I32(2)]);
        Assert.Equal(42, r[0].AsI32());
    }

    [Fact]
    public void HostFunctions_AndMultiValue()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        var log = new List<int>();
        linker.DefineFunction("env", "log", (Action<int>)log.Add);
        linker.DefineFunction("env", "divmod", (Func<int, int, (int, int)>)((a, b) => (a / b, a % b)));
        linker.DefineFunction("env", "sum3", new FuncType([ValType.I64, ValType.I64, ValType.I64], [ValType.I64]),
            (args, results) => results[0] = Value.I64(args[0].AsI64() + args[1].AsI64() + args[2].AsI64()));
        var inst = Wat.Instantiate("""
            (module
              (import "env" "log" (func $log (param i32)))
              (import "env" "divmod" (func $divmod (param i32 i32) (result i32 i32)))
              (import "env" "sum3" (func $sum3 (param i64 i64 i64) (result i64)))
              (func (export "run") (param i32 i32) (result i32 i32)
                (call $log (local.get 0))
                (call $divmod (local.get 0) (local.get 1)))
              (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
              (func (export "sum") (result i64) (call $sum3 (i64.const 1) (i64.const 2) (i64.const 3))))
            """, engine, linker: linker);
        var r = inst.GetFunction("run")!.Invoke([Value.I32(17), Value.I32(5)]);
        Assert.Equal([3, 2], r.Select(v => v.AsI32()));
        Assert.Equal([17], log);
        var s = inst.GetFunction("swap")!.Invoke([Value.I32(1), Value.I64(2)]);
        Assert.Equal(2L, s[0].AsI64());
        Assert.Equal(1, s[1].AsI32());
        Assert.Equal(6L, inst.GetFunction<long>("sum")!());
    }

    [Fact]
    public void MemoryAccessAndGrowth()
    {
        var inst = Wat.Instantiate("""
            (module (memory (export "mem") 1 3)
              (func (export "get") (param i32) (result i32) (i32.load8_u (local.get 0)))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """);
        var mem = inst.GetMemory("mem")!;
        Assert.Equal(1u, mem.PageCount);
        mem.GetSpan()[100] = 77;
        Assert.Equal(77, inst.GetFunction<int, int>("get")!(100));
        Assert.Equal(1, inst.GetFunction<int, int>("grow")!(2));
        Assert.Equal(3u, mem.PageCount);
        Assert.Equal(77, mem.GetSpan()[100]);
        Assert.Equal(-1, inst.GetFunction<int, int>("grow")!(1));
        Assert.Equal(-1, mem.Grow(1));
    }

    [Fact]
    public void GlobalsAndTables()
    {
        var inst = Wat.Instantiate("""
            (module
              (global (export "counter") (mut i32) (i32.const 0))
              (global (export "pi") f64 (f64.const 3.25))
              (table (export "t") 2 funcref)
              (func $seven (result i32) (i32.const 7))
              (elem (i32.const 1) $seven)
              (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
            """);
        var counter = inst.GetGlobal("counter")!;
        inst.GetAction("bump")!();
        inst.GetAction("bump")!();
        Assert.Equal(2, counter.Value.AsI32());
        counter.Value = Value.I32(40);
        inst.GetAction("bump")!();
        Assert.Equal(41, counter.Value.AsI32());
        Assert.Throws<InvalidOperationException>(() => inst.GetGlobal("pi")!.Value = Value.F64(1));
        var table = inst.GetTable("t")!;
        Assert.Equal(2u, table.Size);
        Assert.True(table.Get(0).IsNull);
        var seven = table.Get(1).AsFunction()!;
        Assert.Equal(7, seven.Invoke(ReadOnlySpan<Value>.Empty)[0].AsI32());
    }

    [Fact]
    public void Linking_InstancesTogether()
    {
        var engine = new Engine();
        var store = new Store(engine);
        var linker = new Linker(engine);
        var lib = Wat.Instantiate("""(module (func (export "twice") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1))) (memory (export "mem") 1))""", engine, store, linker);
        linker.DefineInstance("lib", lib);
        var app = Wat.Instantiate("""
            (module
              (import "lib" "twice" (func $twice (param i32) (result i32)))
              (import "lib" "mem" (memory 1))
              (func (export "run") (result i32) (i32.store (i32.const 8) (call $twice (i32.const 21))) (i32.load (i32.const 8))))
            """, engine, store, linker);
        Assert.Equal(42, app.GetFunction<int>("run")!());
        Assert.Equal(42, lib.GetMemory("mem")!.ReadInt32(8));
    }

    [Fact]
    public void Unlinkable_Imports()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "f", (Func<int>)(() => 1));
        Assert.Throws<WasmLinkException>(() => Wat.Instantiate("""(module (import "env" "g" (func)))""", engine, linker: linker));
        var e = Assert.Throws<WasmLinkException>(() => Wat.Instantiate("""(module (import "env" "f" (func (result i64))))""", engine, linker: linker));
        Assert.Contains("incompatible import type", e.Message);
    }

    [Fact]
    public void ModuleDescribesImportsAndExports()
    {
        var engine = new Engine();
        var m = Module.FromBytes(engine, "m", Wat.ToWasm("""(module (import "a" "b" (global i32)) (func (export "f") (param i64)) (memory (export "m") 2))"""));
        Assert.Equal(ExternKind.Global, m.Imports.Single().Kind);
        Assert.Equal(["f", "m"], m.Exports.Select(e => e.Name));
        Assert.Equal(new FuncType([ValType.I64], []), m.Exports[0].Type);
    }

    [Fact]
    public void NaNPayloads_SurviveCallsAndMemory()
    {
        var inst = Wat.Instantiate("""
            (module (memory 1)
              (func (export "roundtrip") (param f32) (result f32) (f32.store (i32.const 0) (local.get 0)) (f32.load (i32.const 0)))
              (func (export "neg") (param f32) (result f32) (f32.neg (local.get 0)))
              (func (export "snan") (result i32) (i32.reinterpret_f32 (f32.const nan:0x200000))))
            """);
        var snan = Value.F32Bits(0x7FA00000);
        Assert.Equal(0x7FA00000, inst.GetFunction("roundtrip")!.Invoke([snan])[0].F32Bits());
        Assert.Equal(unchecked((int)0xFFA00000), inst.GetFunction("neg")!.Invoke([snan])[0].F32Bits());
        Assert.Equal(0x7FA00000, inst.GetFunction<int>("snan")!());
    }
}

public class TypedCallTests
{
    [Fact]
    public void TypedDelegates_RestoreStateAfterTraps()
    {
        var engine = new Engine(new EngineConfig { MaxCallDepth = 50 });
        var inst = Wat.Instantiate("""
            (module
              (func $down (export "down") (param i32) (result i32)
                (if (result i32) (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0))))
              (func (export "boom") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))
            """, engine);
        var down = inst.GetFunction<int, int>("down")!;
        var boom = inst.GetFunction<int, int>("boom")!;
        for (int i = 0; i < 100; i++)
        {
            Assert.Throws<TrapException>(() => boom(0));
            Assert.Throws<TrapException>(() => down(1000));
            Assert.Equal(0, down(40)); // depth was restored each time
        }
        Assert.Equal(1u, inst.GetFunction<uint, uint>("boom")!(1));
    }

    [Fact]
    public void ReexportedHostFunctions_HaveTypedDelegatesToo()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "twice", (Func<long, long>)(x => 2 * x));
        linker.DefineFunction("env", "tick", (Action)(() => { }));
        var inst = Wat.Instantiate("""
            (module (import "env" "twice" (func $t (param i64) (result i64))) (import "env" "tick" (func $k))
              (export "twice" (func $t)) (export "tick" (func $k)))
            """, engine, linker: linker);
        Assert.Equal(42L, inst.GetFunction<long, long>("twice")!(21));
        inst.GetAction("tick")!();
    }
}
