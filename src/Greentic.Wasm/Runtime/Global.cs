namespace Greentic.Wasm;

/// <summary>A global variable. Compiled code reads and writes the typed field that matches its value type.</summary>
public sealed class Global : Extern
{
    internal int I32;
    internal long I64;
    internal float F32;
    internal double F64;
    internal object? Ref;

    public Global(GlobalType type, Value value)
    {
        Type = type;
        if (value.Type != type.ValueType) throw new ArgumentException($"global of type {type.ValueType.Name()} cannot hold {value.Type.Name()}");
        Set(value);
    }

    public override ExternKind Kind => ExternKind.Global;
    public GlobalType Type { get; }

    public Value Value
    {
        get => Type.ValueType switch
        {
            ValType.I32 => Value.I32(I32),
            ValType.I64 => Value.I64(I64),
            ValType.F32 => Value.F32(F32),
            ValType.F64 => Value.F64(F64),
            _ => Type.ValueType == ValType.FuncRef ? Value.FuncRef((Function?)Ref) : Value.ExternRef(Ref),
        };
        set
        {
            if (!Type.Mutable) throw new InvalidOperationException("global is immutable");
            if (value.Type != Type.ValueType) throw new ArgumentException($"global of type {Type.ValueType.Name()} cannot hold {value.Type.Name()}");
            Set(value);
        }
    }

    internal void Set(Value value)
    {
        switch (Type.ValueType)
        {
            case ValType.I32: I32 = value.AsI32(); break;
            case ValType.I64: I64 = value.AsI64(); break;
            case ValType.F32: F32 = value.AsF32(); break;
            case ValType.F64: F64 = value.AsF64(); break;
            default: Ref = value.AsRef(); break;
        }
    }
}
