namespace Greentic.Wasm.Binary;

/// <summary>Decodes a module binary into a <see cref="ModuleInfo"/>, enforcing the binary format (section order
/// and sizes, LEB128 encodings, UTF-8 names, opcodes). Semantic rules are the validator's job.</summary>
internal static partial class ModuleDecoder
{
    public const int MaxLocals = ImplementationLimits.Locals;

    private static readonly int[] SectionRank = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10 };

    public static ModuleInfo Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new WasmReader(bytes);
        var m = new ModuleInfo();
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0x61 || bytes[2] != 0x73 || bytes[3] != 0x6D)
            throw WasmReader.Error(0, "magic header not detected");
        r.Position = 4;
        if (bytes.Length < 8) throw WasmReader.Error(4, "unexpected end");
        if (r.ReadFixedU32() != 1) throw WasmReader.Error(4, "unknown binary version");

        int lastRank = 0;
        int funcDeclCount = -1;
        bool sawCode = false;
        bool sawData = false;
        var dataUse = new InstrDecoder.DataIndexUse();
        while (!r.AtEnd)
        {
            int sectionStart = r.Position;
            byte id = r.ReadByte();
            if (id > 12) throw WasmReader.Error(sectionStart, "malformed section id");
            uint size = r.ReadU32();
            if (size > (uint)r.Remaining) throw WasmReader.Error(sectionStart, "length out of bounds");
            int contentStart = r.Position;
            int contentEnd = contentStart + (int)size;
            if (id != 0)
            {
                int rank = SectionRank[id];
                if (rank <= lastRank) throw WasmReader.Error(sectionStart, "unexpected content after last section");
                lastRank = rank;
            }
            int outer = r.Limit(contentEnd);
            switch (id)
            {
                case 0: r.ReadName(); r.Position = contentEnd; break;
                case 1: ReadTypes(ref r, m); break;
                case 2: ReadImports(ref r, m); break;
                case 3: funcDeclCount = ReadFunctions(ref r, m); break;
                case 4: ReadTables(ref r, m); break;
                case 5: ReadMemories(ref r, m); break;
                case 6: ReadGlobals(ref r, m); break;
                case 7: ReadExports(ref r, m); break;
                case 8: m.StartOffset = r.Position; m.Start = r.ReadU32(); break;
                case 9: ReadElems(ref r, m); break;
                case 10: sawCode = true; ReadCode(ref r, m, funcDeclCount, dataUse); break;
                case 11: sawData = true; ReadData(ref r, m); break;
                case 12: m.DataCount = r.ReadU32(); break;
            }
            if (r.Position != contentEnd) throw WasmReader.Error(r.Position, "section size mismatch");
            r.Limit(outer);
        }
        if (funcDeclCount > 0 && !sawCode)
            throw WasmReader.Error(bytes.Length, "function and code section have inconsistent lengths");
        // memory.init and data.drop need the data count section. A module with no data section at all is
        // treated as having zero segments, so its data indices fail validation ("unknown data segment"),
        // which is how the suite classifies such modules (wabt omits the section when there are no segments).
        if (dataUse.FirstOffset is int use && m.DataCount is null && sawData)
            throw WasmReader.Error(use, "data count section required");
        if (m.DataCount is uint dc && !sawData && dc != 0)
            throw WasmReader.Error(bytes.Length, "data count and data section have inconsistent lengths");
        return m;
    }

    /// <summary>A vector length that must also respect an implementation limit.</summary>
    private static uint ReadCount(ref WasmReader r, int limit, string what)
    {
        int at = r.Position;
        uint n = r.ReadCount();
        if (n > limit) throw WasmReader.Error(at, $"too many {what} (implementation limit {limit})");
        return n;
    }

    private static ValType ReadValType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (!ValTypeExtensions.IsValid(b)) throw WasmReader.Error(at, "malformed value type");
        return (ValType)b;
    }

    private static ValType ReadRefType(ref WasmReader r)
    {
        int at = r.Position;
        byte b = r.ReadByte();
        if (b != 0x70 && b != 0x6F) throw WasmReader.Error(at, "malformed reference type");
        return (ValType)b;
    }

    private static Limits ReadLimits(ref WasmReader r)
    {
        int at = r.Position;
        byte flag = r.ReadByte();
        switch (flag)
        {
            case 0: return new Limits(r.ReadU32(), null);
            case 1:
                uint min = r.ReadU32();
                return new Limits(min, r.ReadU32());
            default:
                throw WasmReader.Error(at, "integer too large");
        }
    }

    private static GlobalType ReadGlobalType(ref WasmReader r)
    {
        var t = ReadValType(ref r);
        int at = r.Position;
        byte mut = r.ReadByte();
        if (mut > 1) throw WasmReader.Error(at, "malformed mutability");
        return new GlobalType(t, mut == 1);
    }

    private static ConstExpr ReadConstExpr(ref WasmReader r, ModuleInfo m)
    {
        int at = r.Position;
        var scratch = new List<uint>();
        var code = InstrDecoder.DecodeExpr(ref r, scratch);
        return new ConstExpr(code[..^1], at);
    }
}
