namespace Greentic.Wasm.Binary;

internal static partial class ModuleDecoder
{
    // Element and data sections.

    private static void ReadElems(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.ElementSegments, "element segments");
        for (uint i = 0; i < n; i++)
        {
            int at = r.Position;
            uint flags = r.ReadU32();
            if (flags > 7) throw WasmReader.Error(at, "malformed elements segment kind");
            SegmentMode mode = (flags & 1) == 0 ? SegmentMode.Active : (flags & 2) == 0 ? SegmentMode.Passive : SegmentMode.Declarative;
            uint table = 0;
            ConstExpr? offset = null;
            if (mode == SegmentMode.Active)
            {
                if ((flags & 2) != 0) table = r.ReadU32();
                offset = ReadConstExpr(ref r, m);
            }
            bool usesExprs = (flags & 4) != 0;
            ValType type = ValType.FuncRef;
            if (mode != SegmentMode.Active || (flags & 2) != 0)
            {
                if (usesExprs) type = ReadRefType(ref r);
                else
                {
                    int kindAt = r.Position;
                    if (r.ReadByte() != 0) throw WasmReader.Error(kindAt, "malformed element kind");
                }
            }
            uint count = ReadCount(ref r, ImplementationLimits.ElementItems, "element items");
            var items = new ConstExpr[count];
            for (uint k = 0; k < count; k++)
            {
                if (usesExprs) items[k] = ReadConstExpr(ref r, m);
                else
                {
                    int fat = r.Position;
                    uint f = r.ReadU32();
                    items[k] = new ConstExpr([new Instr { Op = Op.RefFunc, A = f, Offset = fat }], fat);
                }
            }
            m.Elems.Add(new ElemSegment { Mode = mode, TableIndex = table, OffsetExpr = offset, ElementType = type, Items = items, Offset = at });
        }
    }

    private static void ReadData(ref WasmReader r, ModuleInfo m)
    {
        int at0 = r.Position;
        uint n = ReadCount(ref r, ImplementationLimits.DataSegments, "data segments");
        if (m.DataCount is uint dc && dc != n)
            throw WasmReader.Error(at0, "data count and data section have inconsistent lengths");
        for (uint i = 0; i < n; i++)
        {
            int at = r.Position;
            uint flags = r.ReadU32();
            SegmentMode mode;
            uint mem = 0;
            ConstExpr? offset = null;
            switch (flags)
            {
                case 0: mode = SegmentMode.Active; offset = ReadConstExpr(ref r, m); break;
                case 1: mode = SegmentMode.Passive; break;
                case 2: mode = SegmentMode.Active; mem = r.ReadU32(); offset = ReadConstExpr(ref r, m); break;
                default: throw WasmReader.Error(at, "malformed data segment kind");
            }
            uint len = r.ReadU32();
            var bytes = r.ReadBytes(len).ToArray();
            m.Datas.Add(new DataSegment { Mode = mode, MemoryIndex = mem, OffsetExpr = offset, Bytes = bytes, Offset = at });
        }
    }
}
