using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;
using Greentic.Wasm.Validation;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void LoadMemory() => il.Emit(OpCodes.Ldloc, mem!);

    /// <summary>The function's view of memory 0 (see <see cref="MemoryViewOps"/>).</summary>
    private LocalBuilder? memBytes, memLength;

    /// <summary>Re-reads the buffer and length of memory 0 into the view locals. Stack-neutral.</summary>
    private void ReloadMemoryView()
    {
        if (mem is null) return;
        memBytes ??= il.DeclareLocal(typeof(byte[]));
        memLength ??= il.DeclareLocal(typeof(long));
        LoadMemory();
        il.Emit(OpCodes.Ldfld, Reflect.Field(typeof(Memory), nameof(Memory.Buffer)));
        il.Emit(OpCodes.Stloc, memBytes);
        LoadMemory();
        il.Emit(OpCodes.Ldfld, Reflect.Field(typeof(Memory), nameof(Memory.ByteLength)));
        il.Emit(OpCodes.Stloc, memLength);
    }

    /// <summary>Loads and stores: <c>MemoryViewOps.Xxx(addr, [value,] offset, buffer, length)</c>.</summary>
    private bool EmitMemoryAccess(in Instr ins)
    {
        if (!OpSignatures.IsMemoryAccess(ins.Op)) return false;
        il.Emit(OpCodes.Ldc_I8, ins.B);
        il.Emit(OpCodes.Ldloc, memBytes!);
        il.Emit(OpCodes.Ldloc, memLength!);
        il.Emit(OpCodes.Call, Reflect.Method(typeof(MemoryViewOps), ins.Op.ToString()));
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
                ReloadMemoryView();
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
