namespace Greentic.Wasm.Wast;

/// <summary>The "spectest" host module every spec script may import.</summary>
public static class SpecTestHost
{
    public static void Define(Linker linker, Store store, TextWriter? output = null)
    {
        void Print(string name, params ValType[] ps) =>
            linker.DefineFunction("spectest", name, new FuncType(ps, []), (args, _) =>
            {
                output?.WriteLine($"{name}({string.Join(", ", args.ToArray())})");
            });
        Print("print");
        Print("print_i32", ValType.I32);
        Print("print_i64", ValType.I64);
        Print("print_f32", ValType.F32);
        Print("print_f64", ValType.F64);
        Print("print_i32_f32", ValType.I32, ValType.F32);
        Print("print_f64_f64", ValType.F64, ValType.F64);
        linker.Define("spectest", "global_i32", new Global(new GlobalType(ValType.I32, false), Value.I32(666)));
        linker.Define("spectest", "global_i64", new Global(new GlobalType(ValType.I64, false), Value.I64(666)));
        linker.Define("spectest", "global_f32", new Global(new GlobalType(ValType.F32, false), Value.F32(666.6f)));
        linker.Define("spectest", "global_f64", new Global(new GlobalType(ValType.F64, false), Value.F64(666.6)));
        linker.Define("spectest", "table", new Table(store, new TableType(ValType.FuncRef, new Limits(10, 20)), Value.Null(ValType.FuncRef)));
        linker.Define("spectest", "memory", new Memory(store, new MemoryType(new Limits(1, 2))));
    }
}
