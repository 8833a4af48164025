using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void CallFloatOps(string name) => il.Emit(OpCodes.Call, Reflect.Method(typeof(FloatOps), name));

    private bool EmitFloatOp(Op op)
    {
        switch (op)
        {
            // Comparisons: false whenever an operand is NaN (ne: true).
            case Op.F32Eq or Op.F64Eq: il.Emit(OpCodes.Ceq); return true;
            case Op.F32Ne or Op.F64Ne: il.Emit(OpCodes.Ceq); Not(); return true;
            case Op.F32Lt or Op.F64Lt: il.Emit(OpCodes.Clt); return true;
            case Op.F32Gt or Op.F64Gt: il.Emit(OpCodes.Cgt); return true;
            case Op.F32Le or Op.F64Le: il.Emit(OpCodes.Cgt_Un); Not(); return true;
            case Op.F32Ge or Op.F64Ge: il.Emit(OpCodes.Clt_Un); Not(); return true;

            case Op.F32Add or Op.F64Add: il.Emit(OpCodes.Add); return true;
            case Op.F32Sub or Op.F64Sub: il.Emit(OpCodes.Sub); return true;
            case Op.F32Mul or Op.F64Mul: il.Emit(OpCodes.Mul); return true;
            case Op.F32Div or Op.F64Div: il.Emit(OpCodes.Div); return true;

            case Op.F32Abs: CallFloatOps(nameof(FloatOps.AbsF32)); return true;
            case Op.F32Neg: CallFloatOps(nameof(FloatOps.NegF32)); return true;
            case Op.F32Copysign: CallFloatOps(nameof(FloatOps.CopysignF32)); return true;
            case Op.F32Ceil: CallFloatOps(nameof(FloatOps.CeilF32)); return true;
            case Op.F32Floor: CallFloatOps(nameof(FloatOps.FloorF32)); return true;
            case Op.F32Trunc: CallFloatOps(nameof(FloatOps.TruncF32)); return true;
            case Op.F32Nearest: CallFloatOps(nameof(FloatOps.NearestF32)); return true;
            case Op.F32Sqrt: CallFloatOps(nameof(FloatOps.SqrtF32)); return true;
            case Op.F32Min: CallFloatOps(nameof(FloatOps.MinF32)); return true;
            case Op.F32Max: CallFloatOps(nameof(FloatOps.MaxF32)); return true;

            case Op.F64Abs: CallFloatOps(nameof(FloatOps.AbsF64)); return true;
            case Op.F64Neg: CallFloatOps(nameof(FloatOps.NegF64)); return true;
            case Op.F64Copysign: CallFloatOps(nameof(FloatOps.CopysignF64)); return true;
            case Op.F64Ceil: CallFloatOps(nameof(FloatOps.CeilF64)); return true;
            case Op.F64Floor: CallFloatOps(nameof(FloatOps.FloorF64)); return true;
            case Op.F64Trunc: CallFloatOps(nameof(FloatOps.TruncF64)); return true;
            case Op.F64Nearest: CallFloatOps(nameof(FloatOps.NearestF64)); return true;
            case Op.F64Sqrt: CallFloatOps(nameof(FloatOps.SqrtF64)); return true;
            case Op.F64Min: CallFloatOps(nameof(FloatOps.MinF64)); return true;
            case Op.F64Max: CallFloatOps(nameof(FloatOps.MaxF64)); return true;
        }
        return false;
    }
}
