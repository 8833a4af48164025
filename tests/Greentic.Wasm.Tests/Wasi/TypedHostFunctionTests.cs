namespace Greentic.Wasm.Tests.Wasi;

/// <summary>Numeric host delegates are called by a typed stub (no Value arrays); behaviour must match the generic
/// path: values of every numeric type, exceptions as HostError traps, traps passed through, store usable after.</summary>
public class TypedHostFunctionTests
{
    private const string Source = """
        (module
          (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result f64)))
          (import "env" "unsigned" (func $unsigned (param i32) (result i32)))
          (import "env" "note" (func $note (param i64)))
          (import "env" "fail" (func $fail (param i32) (result i32)))
          (func (export "mix") (result f64) (call $mix (i32.const -3) (i64.const 5000000000) (f32.const 1.5) (f64.const 0.25)))
          (func (export "unsigned") (result i32) (call $unsigned (i32.const -1)))
          (func (export "note") (call $note (i64.const -42)))
          (func (export "fail") (param i32) (result i32) (call $fail (local.get 0))))
        """;

    [Fact]
    public void Numeric_delegates_get_values_and_errors_like_the_generic_path()
    {
        var engine = new Engine();
        var linker = new Linker(engine);
        long noted = 0;
        linker.DefineFunction("env", "mix", (Func<int, long, float, double, double>)((a, b, c, d) => (double)a + b + c + d));
        linker.DefineFunction("env", "unsigned", (Func<uint, uint>)(u => u / 2));
        linker.DefineFunction("env", "note", (Action<long>)(v => noted = v));
        linker.DefineFunction("env", "fail", (Func<int, int>)(mode => mode switch
        {
            0 => throw new InvalidOperationException("host says no"),
            1 => throw new TrapException(TrapCode.Unreachable, "host trap"),
            _ => mode * 2,
        }));
        var instance = linker.Instantiate(new Store(engine), Module.FromBytes(engine, "typed", Wat.ToWasm(Source)));

        Assert.Equal(-3 + 5000000000 + 1.5 + 0.25, instance.GetFunction<double>("mix")!());
        Assert.Equal(int.MaxValue, instance.GetFunction<int>("unsigned")!());
        instance.GetAction("note")!();
        Assert.Equal(-42, noted);

        var fail = instance.GetFunction<int, int>("fail")!;
        var hostError = Assert.Throws<TrapException>(() => fail(0));
        Assert.Equal(TrapCode.HostError, hostError.Code);
        Assert.IsType<InvalidOperationException>(hostError.InnerException);
        Assert.Contains("host says no", hostError.Message);
        Assert.Equal(TrapCode.Unreachable, Assert.Throws<TrapException>(() => fail(1)).Code);
        Assert.Equal(14, fail(7));
        // The host path (Function.Invoke on the import itself) still works.
        Assert.Equal(8, (int)((Function)linker.Get("env", "fail")!).Invoke((object)4)!);
    }
}
