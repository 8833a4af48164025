using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    /// <summary>Resolves a block type immediate to its parameter and result types.</summary>
    internal static (ValType[] Params, ValType[] Results) BlockType(ModuleInfo m, long bt, int offset)
    {
        if (bt == -0x40) return ([], []);
        if (bt < 0) return ([], [(ValType)(byte)(-bt)]);
        if (bt >= m.Types.Count) throw new WasmValidationException(offset, "unknown type");
        var t = m.Types[(int)bt];
        return (t.Params, t.Results);
    }

    private bool StepControl(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.Unreachable:
                SetUnreachable();
                return true;
            case Op.Nop:
                return true;
            case Op.Block:
            case Op.Loop:
            {
                var (ps, rs) = BlockType(m, ins.A, offset);
                Pop(ps);
                PushCtrl(ins.Op, ps, rs);
                return true;
            }
            case Op.If:
            {
                var (ps, rs) = BlockType(m, ins.A, offset);
                Pop(ValType.I32);
                Pop(ps);
                PushCtrl(Op.If, ps, rs);
                return true;
            }
            case Op.Else:
            {
                var frame = PopCtrl();
                if (frame.Opcode != Op.If) throw Error("else without matching if");
                PushCtrl(Op.Else, frame.Start, frame.End);
                return true;
            }
            case Op.End:
            {
                var frame = PopCtrl();
                if (frame.Opcode == Op.If && !frame.Start.AsSpan().SequenceEqual(frame.End))
                    throw Error("type mismatch: if without else must leave its parameters unchanged");
                Push(frame.End);
                return true;
            }
            case Op.Br:
            {
                var types = LabelTypes(Label(ins.A));
                Pop(types);
                SetUnreachable();
                return true;
            }
            case Op.BrIf:
            {
                Pop(ValType.I32);
                var types = LabelTypes(Label(ins.A));
                Pop(types);
                Push(types);
                return true;
            }
            case Op.BrTable:
            {
                Pop(ValType.I32);
                int first = (int)ins.A;
                int count = (int)ins.B;
                var defaultTypes = LabelTypes(Label(brTables[first + count - 1]));
                int arity = defaultTypes.Length;
                for (int i = 0; i < count - 1; i++)
                {
                    var types = LabelTypes(Label(brTables[first + i]));
                    if (types.Length != arity) throw Error("type mismatch: br_table targets have different arities");
                    var popped = new ValType[arity];
                    for (int k = arity - 1; k >= 0; k--) popped[k] = Pop(types[k]);
                    Push(popped);
                }
                Pop(defaultTypes);
                SetUnreachable();
                return true;
            }
            case Op.Return:
                Pop(ctrls[0].End);
                SetUnreachable();
                return true;
            case Op.Call:
            {
                if (ins.A >= m.FuncTypeIndices.Count) throw Error($"unknown function {ins.A}");
                var t = m.FuncTypeOf((int)ins.A);
                Pop(t.Params);
                Push(t.Results);
                return true;
            }
            case Op.CallIndirect:
            {
                if (ins.B >= m.Tables.Count) throw Error($"unknown table {ins.B}");
                if (m.Tables[(int)ins.B].ElementType != ValType.FuncRef) throw Error("type mismatch: call_indirect needs a funcref table");
                if (ins.A >= m.Types.Count) throw Error($"unknown type {ins.A}");
                var t = m.Types[(int)ins.A];
                Pop(ValType.I32);
                Pop(t.Params);
                Push(t.Results);
                return true;
            }
            case Op.Drop:
                Pop();
                return true;
            case Op.Select:
            {
                Pop(ValType.I32);
                var t1 = Pop();
                var t2 = Pop();
                bool num1 = t1 == Unknown || t1.IsNumeric() || t1 == ValType.V128;
                bool num2 = t2 == Unknown || t2.IsNumeric() || t2 == ValType.V128;
                if (!num1 || !num2) throw Error("type mismatch: select without type needs numeric operands");
                if (t1 != t2 && t1 != Unknown && t2 != Unknown) throw Error("type mismatch");
                Push(t1 == Unknown ? t2 : t1);
                return true;
            }
            case Op.SelectT:
            {
                if (ins.B != 1) throw Error("invalid result arity");
                var t = (ValType)(byte)ins.A;
                Pop(ValType.I32);
                Pop(t);
                Pop(t);
                Push(t);
                return true;
            }
        }
        return false;
    }
}
