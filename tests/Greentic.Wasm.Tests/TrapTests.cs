namespace Greentic.Wasm.Tests;

public class TrapTests
{
    private static readonly Lazy<Instance> Traps = new(() => Wat.Instantiate("""
        (module
          (type $ii (func (param i32) (result i32)))
          (memory 1)
          (table 3 funcref)
          (elem (i32.const 0) $id)
          (func $id (param i32) (result i32) (local.get 0))
          (func $nothing)
          (elem (i32.const 1) $nothing)
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "rem") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
          (func (export "unreachable") (unreachable))
          (func (export "load") (param i32) (result i32) (i32.load offset=4 (local.get 0)))
          (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
          (func (export "trunc_sat") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
          (func (export "indirect") (param i32) (result i32) (call_indirect (type $ii) (i32.const 5) (local.get 0)))
        )
        """));

    private static TrapCode Trap(string name, params object[] args)
    {
        var e = Assert.Throws<TrapException>(() => Traps.Value.GetFunction(name)!.Invoke(args));
        return e.Code;
    }

    [Fact]
    public void IntegerDivision()
    {
        Assert.Equal(TrapCode.IntegerDivideByZero, Trap("div", 1, 0));
        Assert.Equal(TrapCode.IntegerOverflow, Trap("div", int.MinValue, -1));
        Assert.Equal(0, Traps.Value.GetFunction("rem")!.Invoke(int.MinValue, -1));
        Assert.Equal(-3, Traps.Value.GetFunction("div")!.Invoke(-7, 2));
    }

    [Fact]
    public void Unreachable() => Assert.Equal(TrapCode.Unreachable, Trap("unreachable"));

    [Fact]
    public void MemoryBounds_IncludeTheStaticOffset()
    {
        Assert.Equal(0, Traps.Value.GetFunction("load")!.Invoke(65528));
        Assert.Equal(TrapCode.MemoryOutOfBounds, Trap("load", 65529));
        Assert.Equal(TrapCode.MemoryOutOfBounds, Trap("load", -1));
    }

    [Fact]
    public void FloatToIntConversions()
    {
        Assert.Equal(TrapCode.InvalidConversionToInteger, Trap("trunc", double.NaN));
        Assert.Equal(TrapCode.IntegerOverflow, Trap("trunc", 2147483648.0));
        Assert.Equal(int.MinValue, Traps.Value.GetFunction("trunc")!.Invoke(-2147483648.9));
        Assert.Equal(int.MaxValue, Traps.Value.GetFunction("trunc_sat")!.Invoke(1e300));
        Assert.Equal(0, Traps.Value.GetFunction("trunc_sat")!.Invoke(double.NaN));
    }

    [Fact]
    public void IndirectCalls()
    {
        Assert.Equal(5, Traps.Value.GetFunction("indirect")!.Invoke(0));
        Assert.Equal(TrapCode.IndirectCallTypeMismatch, Trap("indirect", 1));
        Assert.Equal(TrapCode.UninitializedElement, Trap("indirect", 2));
        Assert.Equal(TrapCode.UndefinedElement, Trap("indirect", 3));
    }

    [Fact]
    public void HostExceptions_BecomeHostErrorTraps()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        linker.DefineFunction("env", "fail", (Func<int>)(() => throw new InvalidOperationException("boom")));
        var inst = Wat.Instantiate("""(module (import "env" "fail" (func $f (result i32))) (func (export "run") (result i32) (call $f)))""", engine, linker: linker);
        var e = Assert.Throws<TrapException>(() => inst.GetFunction("run")!.Invoke(Array.Empty<object>()));
        Assert.Equal(TrapCode.HostError, e.Code);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void TrappingStartFunction_FailsInstantiation()
    {
        var e = Assert.Throws<TrapException>(() => Wat.Instantiate("(module (func $s unreachable) (start $s))"));
        Assert.Equal(TrapCode.Unreachable, e.Code);
    }

    [Fact]
    public void OutOfBoundsDataSegment_FailsInstantiation()
    {
        var e = Assert.Throws<TrapException>(() => Wat.Instantiate("""(module (memory 1) (data (i32.const 65535) "ab"))"""));
        Assert.Equal(TrapCode.MemoryOutOfBounds, e.Code);
    }
}
