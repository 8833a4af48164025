using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

internal sealed partial class FunctionValidator
{
    private void RequireMemory(uint index = 0)
    {
        if (index >= m.Memories.Count) throw Error($"unknown memory {index}");
    }

    private void CheckMemArg(in Instr ins, int maxAlign)
    {
        RequireMemory();
        if (ins.A > maxAlign) throw Error("alignment must not be larger than natural");
    }

    private bool StepMemory(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.MemorySize:
                RequireMemory();
                Push(ValType.I32);
                return true;
            case Op.MemoryGrow:
                RequireMemory();
                Pop(ValType.I32);
                Push(ValType.I32);
                return true;
            case Op.MemoryInit:
                RequireMemory();
                if (m.DataCount is null || ins.A >= m.DataCount) throw Error($"unknown data segment {ins.A}");
                Pop(ValType.I32);
                Pop(ValType.I32);
                Pop(ValType.I32);
                return true;
            case Op.DataDrop:
                if (m.DataCount is null || ins.A >= m.DataCount) throw Error($"unknown data segment {ins.A}");
                return true;
            case Op.MemoryCopy:
            case Op.MemoryFill:
                RequireMemory();
                Pop(ValType.I32);
                Pop(ins.Op == Op.MemoryFill ? ValType.I32 : ValType.I32);
                Pop(ValType.I32);
                return true;
        }
        return false;
    }
}
