using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    private ValType Local(long index)
    {
        if (index < 0 || index >= locals.Length) throw Error($"unknown local {index}");
        return locals[index];
    }

    private GlobalType Global(long index)
    {
        if (index < 0 || index >= m.Globals.Count) throw Error($"unknown global {index}");
        return m.Globals[(int)index];
    }

    private bool StepVariable(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.LocalGet:
                Push(Local(ins.A));
                return true;
            case Op.LocalSet:
                Pop(Local(ins.A));
                return true;
            case Op.LocalTee:
            {
                var t = Local(ins.A);
                Pop(t);
                Push(t);
                return true;
            }
            case Op.GlobalGet:
                Push(Global(ins.A).ValueType);
                return true;
            case Op.GlobalSet:
            {
                var g = Global(ins.A);
                if (!g.Mutable) throw Error("global is immutable");
                Pop(g.ValueType);
                return true;
            }
            case Op.I32Const:
                Push(ValType.I32);
                return true;
            case Op.I64Const:
                Push(ValType.I64);
                return true;
            case Op.F32Const:
                Push(ValType.F32);
                return true;
            case Op.F64Const:
                Push(ValType.F64);
                return true;
        }
        return false;
    }
}
