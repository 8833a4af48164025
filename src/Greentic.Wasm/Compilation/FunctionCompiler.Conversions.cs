using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void CallConvOps(string name) => il.Emit(OpCodes.Call, Reflect.Method(typeof(ConvOps), name));

    private void CallBitConverter(string name) => il.Emit(OpCodes.Call, Reflect.Method(typeof(BitConverter), name));

    private bool EmitConversion(Op op)
    {
        switch (op)
        {
            case Op.I32WrapI64: il.Emit(OpCodes.Conv_I4); return true;
            case Op.I64ExtendI32S: il.Emit(OpCodes.Conv_I8); return true;
            case Op.I64ExtendI32U: il.Emit(OpCodes.Conv_U8); return true;
            case Op.I32Extend8S: il.Emit(OpCodes.Conv_I1); return true;
            case Op.I32Extend16S: il.Emit(OpCodes.Conv_I2); return true;
            case Op.I64Extend8S: il.Emit(OpCodes.Conv_I1); il.Emit(OpCodes.Conv_I8); return true;
            case Op.I64Extend16S: il.Emit(OpCodes.Conv_I2); il.Emit(OpCodes.Conv_I8); return true;
            case Op.I64Extend32S: il.Emit(OpCodes.Conv_I4); il.Emit(OpCodes.Conv_I8); return true;

            case Op.I32TruncF32S or Op.I32TruncF32U or Op.I32TruncF64S or Op.I32TruncF64U
                or Op.I64TruncF32S or Op.I64TruncF32U or Op.I64TruncF64S or Op.I64TruncF64U
                or Op.I32TruncSatF32S or Op.I32TruncSatF32U or Op.I32TruncSatF64S or Op.I32TruncSatF64U
                or Op.I64TruncSatF32S or Op.I64TruncSatF32U or Op.I64TruncSatF64S or Op.I64TruncSatF64U
                or Op.F32ConvertI32S or Op.F32ConvertI32U or Op.F32ConvertI64S or Op.F32ConvertI64U
                or Op.F64ConvertI32U or Op.F64ConvertI64S or Op.F64ConvertI64U:
                CallConvOps(op.ToString());
                return true;
            case Op.F64ConvertI32S: il.Emit(OpCodes.Conv_R8); return true;
            case Op.F32DemoteF64:
                if (previousOp == Op.F64PromoteF32)
                {
                    // The JIT folds conv.r4(conv.r8(x)) to x, keeping a signalling NaN; quiet it explicitly.
                    il.Emit(OpCodes.Conv_R4);
                    CallFloatOps(nameof(FloatOps.PromoteDemoteF32));
                }
                else il.Emit(OpCodes.Conv_R4);
                return true;
            case Op.F64PromoteF32: il.Emit(OpCodes.Conv_R8); return true;
            case Op.I32ReinterpretF32: CallBitConverter(nameof(BitConverter.SingleToInt32Bits)); return true;
            case Op.I64ReinterpretF64: CallBitConverter(nameof(BitConverter.DoubleToInt64Bits)); return true;
            case Op.F32ReinterpretI32: CallBitConverter(nameof(BitConverter.Int32BitsToSingle)); return true;
            case Op.F64ReinterpretI64: CallBitConverter(nameof(BitConverter.Int64BitsToDouble)); return true;
        }
        return false;
    }
}
