using System.Reflection.Emit;
using Greentic.Wasm.Binary;
using Greentic.Wasm.Runtime.Intrinsics;

namespace Greentic.Wasm.Compilation;

internal sealed partial class FunctionCompiler
{
    private void LoadLocal(int i)
    {
        if (i < paramCount) il.Emit(OpCodes.Ldarg, i);
        else il.Emit(OpCodes.Ldloc, localBuilders[i]!);
    }

    private void StoreLocal(int i)
    {
        if (i < paramCount) il.Emit(OpCodes.Starg, i);
        else il.Emit(OpCodes.Stloc, localBuilders[i]!);
    }

    private void LoadGlobalObject(int index)
    {
        LoadCtx();
        il.Emit(OpCodes.Ldfld, Reflect.CtxGlobals);
        il.Emit(OpCodes.Ldc_I4, index);
        il.Emit(OpCodes.Ldelem_Ref);
    }

    /// <summary>The opaque field for ±0 and ±1 (see <see cref="FloatOps.F32Zero"/>), or null.</summary>
    private static string? IdentityConstantField(long bits, bool is64)
    {
        double v = is64 ? BitConverter.Int64BitsToDouble(bits) : BitConverter.Int32BitsToSingle((int)bits);
        bool negative = is64 ? bits < 0 : (int)bits < 0;
        string prefix = is64 ? "F64" : "F32";
        if (v == 0) return prefix + (negative ? "NegZero" : "Zero");
        if (v == 1) return prefix + "One";
        if (v == -1) return prefix + "NegOne";
        return null;
    }

    private bool EmitVariable(in Instr ins)
    {
        switch (ins.Op)
        {
            case Op.LocalGet:
                LoadLocal((int)ins.A);
                Push(localTypes[ins.A]);
                return true;
            case Op.LocalSet:
                StoreLocal((int)ins.A);
                Pop();
                return true;
            case Op.LocalTee:
                il.Emit(OpCodes.Dup);
                StoreLocal((int)ins.A);
                return true;
            case Op.GlobalGet:
            {
                var t = m.Globals[(int)ins.A].ValueType;
                LoadGlobalObject((int)ins.A);
                il.Emit(OpCodes.Ldfld, Reflect.GlobalField(t));
                Push(t);
                return true;
            }
            case Op.GlobalSet:
            {
                var t = Pop();
                var tmp = AcquireTemp(t);
                il.Emit(OpCodes.Stloc, tmp);
                LoadGlobalObject((int)ins.A);
                il.Emit(OpCodes.Ldloc, tmp);
                il.Emit(OpCodes.Stfld, Reflect.GlobalField(t));
                ReleaseTemp(tmp);
                return true;
            }
            case Op.I32Const:
                il.Emit(OpCodes.Ldc_I4, (int)ins.A);
                Push(ValType.I32);
                return true;
            case Op.I64Const:
                il.Emit(OpCodes.Ldc_I8, ins.A);
                Push(ValType.I64);
                return true;
            case Op.F32Const:
            {
                int bits = (int)ins.A;
                bool signallingNaN = (bits & 0x7F800000) == 0x7F800000 && (bits & 0x007FFFFF) != 0 && (bits & 0x00400000) == 0;
                if (signallingNaN)
                {
                    il.Emit(OpCodes.Ldc_I4, bits);
                    il.Emit(OpCodes.Call, Reflect.Method(typeof(FloatOps), nameof(FloatOps.F32FromBitsOpaque)));
                }
                else if (IdentityConstantField(bits, false) is string name) il.Emit(OpCodes.Ldsfld, Reflect.Field(typeof(FloatOps), name));
                else il.Emit(OpCodes.Ldc_R4, BitConverter.Int32BitsToSingle(bits));
                Push(ValType.F32);
                return true;
            }
            case Op.F64Const:
                if (IdentityConstantField(ins.A, true) is string f64Name) il.Emit(OpCodes.Ldsfld, Reflect.Field(typeof(FloatOps), f64Name));
                else il.Emit(OpCodes.Ldc_R8, BitConverter.Int64BitsToDouble(ins.A));
                Push(ValType.F64);
                return true;
        }
        return false;
    }
}
