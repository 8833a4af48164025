using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

/// <summary>Operand and result types of the "simple" instructions: numeric ops, conversions, loads and stores.
/// Shared by the validator and the compiler.</summary>
internal readonly record struct OpSig(ValType[] In, ValType Out, int MaxAlign = -1)
{
    public bool HasResult => Out != 0;
}

internal static class OpSignatures
{
    private static readonly Dictionary<Op, OpSig> Table = Build();

    public static bool TryGet(Op op, out OpSig sig) => Table.TryGetValue(op, out sig);

    private static Dictionary<Op, OpSig> Build()
    {
        const ValType i32 = ValType.I32, i64 = ValType.I64, f32 = ValType.F32, f64 = ValType.F64;
        var t = new Dictionary<Op, OpSig>();
        void Range(Op first, Op last, ValType[] ins, ValType outT)
        {
            for (var o = first; o <= last; o++) t[o] = new OpSig(ins, outT);
        }
        void One(Op o, ValType inT, ValType outT) => t[o] = new OpSig([inT], outT);

        One(Op.I32Eqz, i32, i32);
        Range(Op.I32Eq, Op.I32GeU, [i32, i32], i32);
        One(Op.I64Eqz, i64, i32);
        Range(Op.I64Eq, Op.I64GeU, [i64, i64], i32);
        Range(Op.F32Eq, Op.F32Ge, [f32, f32], i32);
        Range(Op.F64Eq, Op.F64Ge, [f64, f64], i32);
        Range(Op.I32Clz, Op.I32Popcnt, [i32], i32);
        Range(Op.I32Add, Op.I32Rotr, [i32, i32], i32);
        Range(Op.I64Clz, Op.I64Popcnt, [i64], i64);
        Range(Op.I64Add, Op.I64Rotr, [i64, i64], i64);
        Range(Op.F32Abs, Op.F32Sqrt, [f32], f32);
        Range(Op.F32Add, Op.F32Copysign, [f32, f32], f32);
        Range(Op.F64Abs, Op.F64Sqrt, [f64], f64);
        Range(Op.F64Add, Op.F64Copysign, [f64, f64], f64);

        One(Op.I32WrapI64, i64, i32);
        One(Op.I32TruncF32S, f32, i32); One(Op.I32TruncF32U, f32, i32);
        One(Op.I32TruncF64S, f64, i32); One(Op.I32TruncF64U, f64, i32);
        One(Op.I64ExtendI32S, i32, i64); One(Op.I64ExtendI32U, i32, i64);
        One(Op.I64TruncF32S, f32, i64); One(Op.I64TruncF32U, f32, i64);
        One(Op.I64TruncF64S, f64, i64); One(Op.I64TruncF64U, f64, i64);
        One(Op.F32ConvertI32S, i32, f32); One(Op.F32ConvertI32U, i32, f32);
        One(Op.F32ConvertI64S, i64, f32); One(Op.F32ConvertI64U, i64, f32);
        One(Op.F32DemoteF64, f64, f32);
        One(Op.F64ConvertI32S, i32, f64); One(Op.F64ConvertI32U, i32, f64);
        One(Op.F64ConvertI64S, i64, f64); One(Op.F64ConvertI64U, i64, f64);
        One(Op.F64PromoteF32, f32, f64);
        One(Op.I32ReinterpretF32, f32, i32); One(Op.I64ReinterpretF64, f64, i64);
        One(Op.F32ReinterpretI32, i32, f32); One(Op.F64ReinterpretI64, i64, f64);
        One(Op.I32Extend8S, i32, i32); One(Op.I32Extend16S, i32, i32);
        One(Op.I64Extend8S, i64, i64); One(Op.I64Extend16S, i64, i64); One(Op.I64Extend32S, i64, i64);
        One(Op.I32TruncSatF32S, f32, i32); One(Op.I32TruncSatF32U, f32, i32);
        One(Op.I32TruncSatF64S, f64, i32); One(Op.I32TruncSatF64U, f64, i32);
        One(Op.I64TruncSatF32S, f32, i64); One(Op.I64TruncSatF32U, f32, i64);
        One(Op.I64TruncSatF64S, f64, i64); One(Op.I64TruncSatF64U, f64, i64);

        void Load(Op o, ValType r, int align) => t[o] = new OpSig([i32], r, align);
        void Store(Op o, ValType v, int align) => t[o] = new OpSig([i32, v], 0, align);
        Load(Op.I32Load, i32, 2); Load(Op.I64Load, i64, 3); Load(Op.F32Load, f32, 2); Load(Op.F64Load, f64, 3);
        Load(Op.I32Load8S, i32, 0); Load(Op.I32Load8U, i32, 0); Load(Op.I32Load16S, i32, 1); Load(Op.I32Load16U, i32, 1);
        Load(Op.I64Load8S, i64, 0); Load(Op.I64Load8U, i64, 0); Load(Op.I64Load16S, i64, 1); Load(Op.I64Load16U, i64, 1);
        Load(Op.I64Load32S, i64, 2); Load(Op.I64Load32U, i64, 2);
        Store(Op.I32Store, i32, 2); Store(Op.I64Store, i64, 3); Store(Op.F32Store, f32, 2); Store(Op.F64Store, f64, 3);
        Store(Op.I32Store8, i32, 0); Store(Op.I32Store16, i32, 1);
        Store(Op.I64Store8, i64, 0); Store(Op.I64Store16, i64, 1); Store(Op.I64Store32, i64, 2);
        return t;
    }

    public static bool IsMemoryAccess(Op op) => op >= Op.I32Load && op <= Op.I64Store32;
}
