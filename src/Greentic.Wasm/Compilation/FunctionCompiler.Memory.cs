using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;
using Greentic.Wasm.Validation;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void LoadMemory() => il.Emit(OpCodes.Ldloc, mem!);

    /// <summary>Loads and stores: <c>MemoryOps.Xxx(addr, [value,] offset, memory)</c>.</summary>
    private bool EmitMemoryAccess(in Instr ins)
    {
        if (!OpSignatures.IsMemoryAccess(ins.Op)) return false;
        il.Emit(OpCodes.Ldc_I8, ins.B);
        LoadMemory();
        il.Emit(OpCodes.Call, Reflect.Method(typeof(MemoryOps), ins.Op.ToString()));
        return true;
    }

    private void CallMemoryOps(string name) => il.Emit(OpCodes.Call, Reflect.Method(typeof(MemoryOps), name));

    private bool EmitMemoryOther(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.MemorySize:
                LoadMemory();
                CallMemoryOps(nameof(MemoryOps.Size));
                Push(ValType.I32);
                return true;
            case Op.MemoryGrow:
                LoadMemory();
                CallMemoryOps(nameof(MemoryOps.Grow));
                return true;
            case Op.MemoryFill:
                LoadMemory();
                CallMemoryOps(nameof(MemoryOps.Fill));
                Pop(3);
                return true;
            case Op.MemoryCopy:
                LoadMemory();
                CallMemoryOps(nameof(MemoryOps.Copy));
                Pop(3);
                return true;
            case Op.MemoryInit:
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                CallMemoryOps(nameof(MemoryOps.Init));
                Pop(3);
                return true;
            case Op.DataDrop:
                LoadCtx();
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                CallMemoryOps(nameof(MemoryOps.DataDrop));
                return true;
        }
        return false;
    }
}
