namespace Greentic.Wasm.Binary;

/// <summary>The decoded (not yet validated) contents of a module binary.</summary>
internal sealed class ModuleInfo
{
    public List<FuncType> Types { get; } = new();
    public List<ImportInfo> Imports { get; } = new();

    /// <summary>Type index of every function in the function index space (imports first).</summary>
    public List<uint> FuncTypeIndices { get; } = new();
    public List<TableType> Tables { get; } = new();
    public List<MemoryType> Memories { get; } = new();
    public List<GlobalType> Globals { get; } = new();

    public int ImportedFuncCount { get; set; }
    public int ImportedTableCount { get; set; }
    public int ImportedMemoryCount { get; set; }
    public int ImportedGlobalCount { get; set; }

    /// <summary>Initializers of the module-defined globals (index = global index - imported count).</summary>
    public List<ConstExpr> GlobalInits { get; } = new();
    public List<ExportInfo> Exports { get; } = new();
    public uint? Start { get; set; }
    public int StartOffset { get; set; }
    public List<ElemSegment> Elems { get; } = new();
    public List<DataSegment> Datas { get; } = new();
    public uint? DataCount { get; set; }
    public List<FunctionBody> Bodies { get; } = new();

    /// <summary>Offsets used for error messages.</summary>
    public Dictionary<string, int> SectionOffsets { get; } = new();
    public List<int> TableOffsets { get; } = new();
    public List<int> MemoryOffsets { get; } = new();
    public List<int> GlobalOffsets { get; } = new();
    public List<int> ExportOffsets { get; } = new();

    public FuncType FuncTypeOf(int funcIndex) => Types[(int)FuncTypeIndices[funcIndex]];
}

internal sealed record ImportInfo(string Module, string Name, ExternKind Kind, int Offset)
{
    public uint TypeIndex { get; init; }
    public TableType? Table { get; init; }
    public MemoryType? Memory { get; init; }
    public GlobalType? Global { get; init; }
}

internal sealed record ExportInfo(string Name, ExternKind Kind, uint Index, int Offset);

/// <summary>A constant expression: the decoded instructions without the final <c>end</c>.</summary>
internal sealed record ConstExpr(Instr[] Code, int Offset);

internal enum SegmentMode { Active, Passive, Declarative }

internal sealed class ElemSegment
{
    public SegmentMode Mode { get; init; }
    public uint TableIndex { get; init; }
    public ConstExpr? OffsetExpr { get; init; }
    public ValType ElementType { get; init; }
    public ConstExpr[] Items { get; init; } = [];
    public int Offset { get; init; }
}

internal sealed class DataSegment
{
    public SegmentMode Mode { get; init; }
    public uint MemoryIndex { get; init; }
    public ConstExpr? OffsetExpr { get; init; }
    public byte[] Bytes { get; init; } = [];
    public int Offset { get; init; }
}

internal sealed class FunctionBody
{
    /// <summary>Declared locals, excluding parameters.</summary>
    public ValType[] Locals { get; init; } = [];
    public Instr[] Code { get; init; } = [];
    /// <summary>Branch-table targets of every br_table in this body (see <see cref="Instr"/>).</summary>
    public uint[] BrTables { get; init; } = [];
    public int Offset { get; init; }
}
