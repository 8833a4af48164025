namespace Greentic.Wasm.Binary;

internal static partial class ModuleDecoder
{
    // Type, import, function, table, memory, global and export sections.

    private static void ReadTypes(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.Types, "types");
        for (uint i = 0; i < n; i++)
        {
            int at = r.Position;
            if (r.ReadByte() != 0x60) throw WasmReader.Error(at, "integer representation too long");
            uint np = ReadCount(ref r, ImplementationLimits.Params, "parameters");
            var ps = new ValType[np];
            for (uint k = 0; k < np; k++) ps[k] = ReadValType(ref r);
            uint nr = ReadCount(ref r, ImplementationLimits.Results, "results");
            var rs = new ValType[nr];
            for (uint k = 0; k < nr; k++) rs[k] = ReadValType(ref r);
            m.Types.Add(new FuncType(ps, rs));
        }
    }

    private static void ReadImports(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.Imports, "imports");
        for (uint i = 0; i < n; i++)
        {
            int at = r.Position;
            string module = r.ReadName();
            string name = r.ReadName();
            int kindAt = r.Position;
            byte kind = r.ReadByte();
            switch (kind)
            {
                case 0:
                    uint ti = r.ReadU32();
                    m.Imports.Add(new ImportInfo(module, name, ExternKind.Function, at) { TypeIndex = ti });
                    m.FuncTypeIndices.Add(ti);
                    m.ImportedFuncCount++;
                    break;
                case 1:
                    var et = ReadRefType(ref r);
                    var tt = new TableType(et, ReadLimits(ref r));
                    m.Imports.Add(new ImportInfo(module, name, ExternKind.Table, at) { Table = tt });
                    m.Tables.Add(tt);
                    m.TableOffsets.Add(at);
                    m.ImportedTableCount++;
                    break;
                case 2:
                    var mt = new MemoryType(ReadLimits(ref r));
                    m.Imports.Add(new ImportInfo(module, name, ExternKind.Memory, at) { Memory = mt });
                    m.Memories.Add(mt);
                    m.MemoryOffsets.Add(at);
                    m.ImportedMemoryCount++;
                    break;
                case 3:
                    var gt = ReadGlobalType(ref r);
                    m.Imports.Add(new ImportInfo(module, name, ExternKind.Global, at) { Global = gt });
                    m.Globals.Add(gt);
                    m.GlobalOffsets.Add(at);
                    m.ImportedGlobalCount++;
                    break;
                default:
                    throw WasmReader.Error(kindAt, "malformed import kind");
            }
        }
    }

    private static int ReadFunctions(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.Functions, "functions");
        for (uint i = 0; i < n; i++) m.FuncTypeIndices.Add(r.ReadU32());
        return (int)n;
    }

    private static void ReadTables(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.Tables, "tables");
        for (uint i = 0; i < n; i++)
        {
            m.TableOffsets.Add(r.Position);
            var et = ReadRefType(ref r);
            m.Tables.Add(new TableType(et, ReadLimits(ref r)));
        }
    }

    private static void ReadMemories(ref WasmReader r, ModuleInfo m)
    {
        uint n = r.ReadCount();
        for (uint i = 0; i < n; i++)
        {
            m.MemoryOffsets.Add(r.Position);
            m.Memories.Add(new MemoryType(ReadLimits(ref r)));
        }
    }

    private static void ReadGlobals(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.Globals, "globals");
        for (uint i = 0; i < n; i++)
        {
            m.GlobalOffsets.Add(r.Position);
            m.Globals.Add(ReadGlobalType(ref r));
            m.GlobalInits.Add(ReadConstExpr(ref r, m));
        }
    }

    private static void ReadExports(ref WasmReader r, ModuleInfo m)
    {
        uint n = ReadCount(ref r, ImplementationLimits.Exports, "exports");
        for (uint i = 0; i < n; i++)
        {
            int at = r.Position;
            string name = r.ReadName();
            int kindAt = r.Position;
            byte kind = r.ReadByte();
            if (kind > 3) throw WasmReader.Error(kindAt, "malformed export kind");
            uint idx = r.ReadU32();
            m.Exports.Add(new ExportInfo(name, (ExternKind)kind, idx, at));
        }
    }
}
