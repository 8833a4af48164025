namespace Greentic.Wasm.Binary;

/// <summary>Instruction opcodes. Single-byte opcodes keep their byte value; 0xFC-prefixed ones are 0xFC00 + sub-opcode.</summary>
internal enum Op : ushort
{
    Unreachable = 0x00, Nop = 0x01, Block = 0x02, Loop = 0x03, If = 0x04, Else = 0x05, End = 0x0B,
    Br = 0x0C, BrIf = 0x0D, BrTable = 0x0E, Return = 0x0F, Call = 0x10, CallIndirect = 0x11,
    Drop = 0x1A, Select = 0x1B, SelectT = 0x1C,
    LocalGet = 0x20, LocalSet = 0x21, LocalTee = 0x22, GlobalGet = 0x23, GlobalSet = 0x24,
    TableGet = 0x25, TableSet = 0x26,
    I32Load = 0x28, I64Load = 0x29, F32Load = 0x2A, F64Load = 0x2B,
    I32Load8S = 0x2C, I32Load8U = 0x2D, I32Load16S = 0x2E, I32Load16U = 0x2F,
    I64Load8S = 0x30, I64Load8U = 0x31, I64Load16S = 0x32, I64Load16U = 0x33, I64Load32S = 0x34, I64Load32U = 0x35,
    I32Store = 0x36, I64Store = 0x37, F32Store = 0x38, F64Store = 0x39,
    I32Store8 = 0x3A, I32Store16 = 0x3B, I64Store8 = 0x3C, I64Store16 = 0x3D, I64Store32 = 0x3E,
    MemorySize = 0x3F, MemoryGrow = 0x40,
    I32Const = 0x41, I64Const = 0x42, F32Const = 0x43, F64Const = 0x44,

    I32Eqz = 0x45, I32Eq, I32Ne, I32LtS, I32LtU, I32GtS, I32GtU, I32LeS, I32LeU, I32GeS, I32GeU,
    I64Eqz = 0x50, I64Eq, I64Ne, I64LtS, I64LtU, I64GtS, I64GtU, I64LeS, I64LeU, I64GeS, I64GeU,
    F32Eq = 0x5B, F32Ne, F32Lt, F32Gt, F32Le, F32Ge,
    F64Eq = 0x61, F64Ne, F64Lt, F64Gt, F64Le, F64Ge,

    I32Clz = 0x67, I32Ctz, I32Popcnt, I32Add, I32Sub, I32Mul, I32DivS, I32DivU, I32RemS, I32RemU,
    I32And, I32Or, I32Xor, I32Shl, I32ShrS, I32ShrU, I32Rotl, I32Rotr,
    I64Clz = 0x79, I64Ctz, I64Popcnt, I64Add, I64Sub, I64Mul, I64DivS, I64DivU, I64RemS, I64RemU,
    I64And, I64Or, I64Xor, I64Shl, I64ShrS, I64ShrU, I64Rotl, I64Rotr,
    F32Abs = 0x8B, F32Neg, F32Ceil, F32Floor, F32Trunc, F32Nearest, F32Sqrt,
    F32Add, F32Sub, F32Mul, F32Div, F32Min, F32Max, F32Copysign,
    F64Abs = 0x99, F64Neg, F64Ceil, F64Floor, F64Trunc, F64Nearest, F64Sqrt,
    F64Add, F64Sub, F64Mul, F64Div, F64Min, F64Max, F64Copysign,

    I32WrapI64 = 0xA7, I32TruncF32S, I32TruncF32U, I32TruncF64S, I32TruncF64U,
    I64ExtendI32S, I64ExtendI32U, I64TruncF32S, I64TruncF32U, I64TruncF64S, I64TruncF64U,
    F32ConvertI32S, F32ConvertI32U, F32ConvertI64S, F32ConvertI64U, F32DemoteF64,
    F64ConvertI32S, F64ConvertI32U, F64ConvertI64S, F64ConvertI64U, F64PromoteF32,
    I32ReinterpretF32, I64ReinterpretF64, F32ReinterpretI32, F64ReinterpretI64,
    I32Extend8S = 0xC0, I32Extend16S, I64Extend8S, I64Extend16S, I64Extend32S,

    RefNull = 0xD0, RefIsNull = 0xD1, RefFunc = 0xD2,

    I32TruncSatF32S = 0xFC00, I32TruncSatF32U, I32TruncSatF64S, I32TruncSatF64U,
    I64TruncSatF32S, I64TruncSatF32U, I64TruncSatF64S, I64TruncSatF64U,
    MemoryInit = 0xFC08, DataDrop, MemoryCopy, MemoryFill,
    TableInit = 0xFC0C, ElemDrop, TableCopy, TableGrow, TableSize, TableFill,
}

/// <summary>One decoded instruction. Immediates by opcode:
/// block/loop/if: A = block type (&gt;= 0 type index, else -(valtype byte), -0x40 empty);
/// br/br_if/local.*/global.*/call/ref.func/table.get|set|size|grow|fill/elem.drop/data.drop/memory.init: A = index;
/// br_table: A = first slot in the function's branch-table list, B = number of slots (targets + default);
/// call_indirect: A = type index, B = table index; table.init: A = elem index, B = table index;
/// table.copy: A = destination table, B = source table; loads/stores: A = alignment exponent, B = offset;
/// consts: A = value bits; select t / ref.null: A = value type byte.</summary>
internal struct Instr
{
    public Op Op;
    public int Offset;
    public long A;
    public long B;

    public override readonly string ToString() => $"{Op} {A} {B} @{Offset}";
}
