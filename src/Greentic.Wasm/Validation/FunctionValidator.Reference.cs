using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    private TableType Table(long index)
    {
        if (index < 0 || index >= m.Tables.Count) throw Error($"unknown table {index}");
        return m.Tables[(int)index];
    }

    private ElemSegment Elem(long index)
    {
        if (index < 0 || index >= m.Elems.Count) throw Error($"unknown elem segment {index}");
        return m.Elems[(int)index];
    }

    private bool StepReference(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.RefNull:
                Push((ValType)(byte)ins.A);
                return true;
            case Op.RefIsNull:
            {
                var t = Pop();
                if (t != Unknown && !t.IsReference()) throw Error("type mismatch: ref.is_null needs a reference");
                Push(ValType.I32);
                return true;
            }
            case Op.RefFunc:
                if (ins.A >= m.FuncTypeIndices.Count) throw Error($"unknown function {ins.A}");
                if (!ctx.DeclaredFuncRefs.Contains((uint)ins.A)) throw Error("undeclared function reference");
                Push(ValType.FuncRef);
                return true;
        }
        return false;
    }

    private bool StepTable(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.TableGet:
                Pop(ValType.I32);
                Push(Table(ins.A).ElementType);
                return true;
            case Op.TableSet:
            {
                var t = Table(ins.A).ElementType;
                Pop(t);
                Pop(ValType.I32);
                return true;
            }
            case Op.TableSize:
                Table(ins.A);
                Push(ValType.I32);
                return true;
            case Op.TableGrow:
            {
                var t = Table(ins.A).ElementType;
                Pop(ValType.I32);
                Pop(t);
                Push(ValType.I32);
                return true;
            }
            case Op.TableFill:
            {
                var t = Table(ins.A).ElementType;
                Pop(ValType.I32);
                Pop(t);
                Pop(ValType.I32);
                return true;
            }
            case Op.TableCopy:
            {
                var dst = Table(ins.A);
                var src = Table(ins.B);
                if (dst.ElementType != src.ElementType) throw Error("type mismatch: table.copy between different element types");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.I32);
                return true;
            }
            case Op.TableInit:
            {
                var table = Table(ins.B);
                var seg = Elem(ins.A);
                if (table.ElementType != seg.ElementType) throw Error("type mismatch: table.init element type");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.I32);
                return true;
            }
            case Op.ElemDrop:
                Elem(ins.A);
                return true;
        }
        return false;
    }
}
