using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void Not()
    {
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ceq);
    }

    private void CallIntOps(string name) => il.Emit(OpCodes.Call, Reflect.Method(typeof(IntOps), name));

    /// <summary>Masks a shift count to the operand width, as WebAssembly requires.</summary>
    private void MaskShift(bool is64)
    {
        if (is64) il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ldc_I4, is64 ? 63 : 31);
        il.Emit(OpCodes.And);
    }

    private bool EmitIntOp(Op op)
    {
        switch (op)
        {
            case Op.I32Eqz: il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Ceq); return true;
            case Op.I64Eqz: il.Emit(OpCodes.Ldc_I8, 0L); il.Emit(OpCodes.Ceq); return true;
            case Op.I32Eq or Op.I64Eq: il.Emit(OpCodes.Ceq); return true;
            case Op.I32Ne or Op.I64Ne: il.Emit(OpCodes.Ceq); Not(); return true;
            case Op.I32LtS or Op.I64LtS: il.Emit(OpCodes.Clt); return true;
            case Op.I32LtU or Op.I64LtU: il.Emit(OpCodes.Clt_Un); return true;
            case Op.I32GtS or Op.I64GtS: il.Emit(OpCodes.Cgt); return true;
            case Op.I32GtU or Op.I64GtU: il.Emit(OpCodes.Cgt_Un); return true;
            case Op.I32LeS or Op.I64LeS: il.Emit(OpCodes.Cgt); Not(); return true;
            case Op.I32LeU or Op.I64LeU: il.Emit(OpCodes.Cgt_Un); Not(); return true;
            case Op.I32GeS or Op.I64GeS: il.Emit(OpCodes.Clt); Not(); return true;
            case Op.I32GeU or Op.I64GeU: il.Emit(OpCodes.Clt_Un); Not(); return true;

            case Op.I32Clz: CallIntOps(nameof(IntOps.Clz32)); return true;
            case Op.I32Ctz: CallIntOps(nameof(IntOps.Ctz32)); return true;
            case Op.I32Popcnt: CallIntOps(nameof(IntOps.Popcnt32)); return true;
            case Op.I64Clz: CallIntOps(nameof(IntOps.Clz64)); return true;
            case Op.I64Ctz: CallIntOps(nameof(IntOps.Ctz64)); return true;
            case Op.I64Popcnt: CallIntOps(nameof(IntOps.Popcnt64)); return true;

            case Op.I32Add or Op.I64Add: il.Emit(OpCodes.Add); return true;
            case Op.I32Sub or Op.I64Sub: il.Emit(OpCodes.Sub); return true;
            case Op.I32Mul or Op.I64Mul: il.Emit(OpCodes.Mul); return true;
            case Op.I32And or Op.I64And: il.Emit(OpCodes.And); return true;
            case Op.I32Or or Op.I64Or: il.Emit(OpCodes.Or); return true;
            case Op.I32Xor or Op.I64Xor: il.Emit(OpCodes.Xor); return true;
            case Op.I32Shl: MaskShift(false); il.Emit(OpCodes.Shl); return true;
            case Op.I32ShrS: MaskShift(false); il.Emit(OpCodes.Shr); return true;
            case Op.I32ShrU: MaskShift(false); il.Emit(OpCodes.Shr_Un); return true;
            case Op.I64Shl: MaskShift(true); il.Emit(OpCodes.Shl); return true;
            case Op.I64ShrS: MaskShift(true); il.Emit(OpCodes.Shr); return true;
            case Op.I64ShrU: MaskShift(true); il.Emit(OpCodes.Shr_Un); return true;

            case Op.I32DivS: CallIntOps(nameof(IntOps.DivS32)); return true;
            case Op.I32DivU: CallIntOps(nameof(IntOps.DivU32)); return true;
            case Op.I32RemS: CallIntOps(nameof(IntOps.RemS32)); return true;
            case Op.I32RemU: CallIntOps(nameof(IntOps.RemU32)); return true;
            case Op.I64DivS: CallIntOps(nameof(IntOps.DivS64)); return true;
            case Op.I64DivU: CallIntOps(nameof(IntOps.DivU64)); return true;
            case Op.I64RemS: CallIntOps(nameof(IntOps.RemS64)); return true;
            case Op.I64RemU: CallIntOps(nameof(IntOps.RemU64)); return true;
            case Op.I32Rotl: CallIntOps(nameof(IntOps.Rotl32)); return true;
            case Op.I32Rotr: CallIntOps(nameof(IntOps.Rotr32)); return true;
            case Op.I64Rotl: CallIntOps(nameof(IntOps.Rotl64)); return true;
            case Op.I64Rotr: CallIntOps(nameof(IntOps.Rotr64)); return true;
        }
        return false;
    }
}
