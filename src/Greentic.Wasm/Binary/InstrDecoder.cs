namespace Greentic.Wasm.Binary;

/// <summary>Decodes an instruction sequence (a function body or a constant expression) up to and including the
/// <c>end</c> that closes it. Checks only the binary grammar: opcodes, immediates and block structure.</summary>
internal static class InstrDecoder
{
    /// <summary>Offset of the first memory.init or data.drop seen by any DecodeExpr call with this tracker.</summary>
    internal sealed class DataIndexUse
    {
        public int? FirstOffset;
    }

    public static Instr[] DecodeExpr(ref WasmReader r, List<uint> brTables, DataIndexUse? dataUse = null)
    {
        var code = new List<Instr>();
        // Open structured instructions: true for an `if` that has not yet seen its `else`.
        var open = new List<bool>();
        while (true)
        {
            var ins = ReadInstr(ref r, brTables);
            code.Add(ins);
            if (ins.Op is Op.MemoryInit or Op.DataDrop && dataUse is not null) dataUse.FirstOffset ??= ins.Offset;
            switch (ins.Op)
            {
                case Op.Block or Op.Loop:
                    open.Add(false);
                    break;
                case Op.If:
                    open.Add(true);
                    break;
                case Op.Else:
                    if (open.Count == 0 || !open[^1]) throw WasmReader.Error(ins.Offset, "END opcode expected");
                    open[^1] = false;
                    break;
                case Op.End:
                    if (open.Count == 0) return code.ToArray();
                    open.RemoveAt(open.Count - 1);
                    break;
            }
        }
    }

    private static Instr ReadInstr(ref WasmReader r, List<uint> brTables)
    {
        var ins = new Instr { Offset = r.Position };
        byte b = r.ReadByte();
        switch (b)
        {
            case 0x00: case 0x01: case 0x05: case 0x0B: case 0x0F: case 0x1A: case 0x1B: case 0xD1:
                ins.Op = (Op)b;
                break;
            case 0x02: case 0x03: case 0x04:
                ins.Op = (Op)b;
                ins.A = ReadBlockType(ref r);
                break;
            case 0x0C: case 0x0D: case 0x10: case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x25: case 0x26: case 0xD2:
                ins.Op = (Op)b;
                ins.A = r.ReadU32();
                break;
            case 0x0E:
            {
                ins.Op = Op.BrTable;
                uint n = r.ReadCount();
                ins.A = brTables.Count;
                ins.B = (long)n + 1;
                for (uint i = 0; i <= n; i++) brTables.Add(r.ReadU32());
                break;
            }
            case 0x11:
                ins.Op = Op.CallIndirect;
                ins.A = r.ReadU32();
                ins.B = r.ReadU32();
                break;
            case 0x1C:
            {
                ins.Op = Op.SelectT;
                uint n = r.ReadCount();
                ins.B = n;
                for (uint i = 0; i < n; i++)
                {
                    int at = r.Position;
                    byte t = r.ReadByte();
                    if (!ValTypeExtensions.IsValid(t)) throw WasmReader.Error(at, "malformed value type");
                    if (i == 0) ins.A = t;
                }
                break;
            }
            case >= 0x28 and <= 0x3E:
                ins.Op = (Op)b;
                ins.A = r.ReadU32();
                if (ins.A >= 32) throw WasmReader.Error(ins.Offset + 1, "malformed memop flags");
                ins.B = r.ReadU32();
                break;
            case 0x3F: case 0x40:
                ins.Op = (Op)b;
                if (r.ReadByte() != 0) throw WasmReader.Error(ins.Offset + 1, "zero byte expected");
                break;
            case 0x41:
                ins.Op = Op.I32Const;
                ins.A = r.ReadS32();
                break;
            case 0x42:
                ins.Op = Op.I64Const;
                ins.A = r.ReadS64();
                break;
            case 0x43:
                ins.Op = Op.F32Const;
                ins.A = r.ReadFixedU32();
                break;
            case 0x44:
                ins.Op = Op.F64Const;
                ins.A = (long)r.ReadFixedU64();
                break;
            case >= 0x45 and <= 0xC4:
                ins.Op = (Op)b;
                break;
            case 0xD0:
            {
                ins.Op = Op.RefNull;
                int at = r.Position;
                byte t = r.ReadByte();
                if (t != 0x70 && t != 0x6F) throw WasmReader.Error(at, "malformed reference type");
                ins.A = t;
                break;
            }
            case 0xFC:
                ReadPrefixed(ref r, ref ins);
                break;
            default:
                throw WasmReader.Error(ins.Offset, $"illegal opcode 0x{b:x2}");
        }
        return ins;
    }

    private static void ReadPrefixed(ref WasmReader r, ref Instr ins)
    {
        uint sub = r.ReadU32();
        if (sub > 17) throw WasmReader.Error(ins.Offset, $"illegal opcode 0xfc {sub}");
        ins.Op = (Op)(0xFC00 + sub);
        switch (ins.Op)
        {
            case Op.MemoryInit:
                ins.A = r.ReadU32();
                if (r.ReadByte() != 0) throw WasmReader.Error(r.Position - 1, "zero byte expected");
                break;
            case Op.DataDrop:
                ins.A = r.ReadU32();
                break;
            case Op.MemoryCopy:
                if (r.ReadByte() != 0) throw WasmReader.Error(r.Position - 1, "zero byte expected");
                if (r.ReadByte() != 0) throw WasmReader.Error(r.Position - 1, "zero byte expected");
                break;
            case Op.MemoryFill:
                if (r.ReadByte() != 0) throw WasmReader.Error(r.Position - 1, "zero byte expected");
                break;
            case Op.TableInit:
            case Op.TableCopy:
                ins.A = r.ReadU32();
                ins.B = r.ReadU32();
                break;
            case Op.ElemDrop:
            case Op.TableGrow:
            case Op.TableSize:
            case Op.TableFill:
                ins.A = r.ReadU32();
                break;
        }
    }

    /// <summary>Block type: -0x40 for the empty type, -(value type byte) for a single result, or a type index.</summary>
    private static long ReadBlockType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.PeekByte();
        if (b == 0x40) { r.ReadByte(); return -0x40; }
        if (ValTypeExtensions.IsValid(b)) { r.ReadByte(); return -b; }
        long idx = r.ReadS33();
        if (idx < 0) throw WasmReader.Error(at, "malformed block type");
        return idx;
    }
}
