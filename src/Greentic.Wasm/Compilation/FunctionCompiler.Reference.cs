using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void LoadTable(long index)
    {
        LoadCtx();
        il.Emit(OpCodes.Ldfld, Reflect.CtxTables);
        il.Emit(OpCodes.Ldc_I4, (int)index);
        il.Emit(OpCodes.Ldelem_Ref);
    }

    private void CallTableOps(string name) => il.Emit(OpCodes.Call, Reflect.Method(typeof(TableOps), name));

    private bool EmitReference(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.RefNull:
                il.Emit(OpCodes.Ldnull);
                Push((ValType)(byte)ins.A);
                return true;
            case Op.RefIsNull:
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Ceq);
                Pop();
                Push(ValType.I32);
                return true;
            case Op.RefFunc:
                LoadCtx();
                il.Emit(OpCodes.Ldfld, Reflect.CtxFunctions);
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                il.Emit(OpCodes.Ldelem_Ref);
                Push(ValType.FuncRef);
                return true;
            case Op.TableGet:
                LoadTable(ins.A);
                CallTableOps(nameof(TableOps.Get));
                Pop();
                Push(m.Tables[(int)ins.A].ElementType);
                return true;
            case Op.TableSet:
                LoadTable(ins.A);
                CallTableOps(nameof(TableOps.Set));
                Pop(2);
                return true;
            case Op.TableSize:
                LoadTable(ins.A);
                CallTableOps(nameof(TableOps.Size));
                Push(ValType.I32);
                return true;
            case Op.TableGrow:
                LoadTable(ins.A);
                CallTableOps(nameof(TableOps.Grow));
                Pop(2);
                Push(ValType.I32);
                return true;
            case Op.TableFill:
                LoadTable(ins.A);
                CallTableOps(nameof(TableOps.Fill));
                Pop(3);
                return true;
            case Op.TableCopy:
                LoadTable(ins.A);
                LoadTable(ins.B);
                CallTableOps(nameof(TableOps.Copy));
                Pop(3);
                return true;
            case Op.TableInit:
                LoadTable(ins.B);
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                CallTableOps(nameof(TableOps.Init));
                Pop(3);
                return true;
            case Op.ElemDrop:
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                CallTableOps(nameof(TableOps.ElemDrop));
                return true;
        }
        return false;
    }
}
