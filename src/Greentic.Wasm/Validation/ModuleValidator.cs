using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Validation;

/// <summary>Module-level validation rules (spec section "Validation / Modules").</summary>
internal static class ModuleValidator
{
    public const ulong MaxMemoryPages = 65536;

    internal sealed class Context
    {
        /// <summary>C.refs: functions referenced outside function bodies (elements, exports, global initializers).</summary>
        public HashSet<uint> DeclaredFuncRefs { get; } = new();
    }

    /// <summary>Validates everything, returning the maximum operand stack height of each function body.</summary>
    public static int[] Validate(ModuleInfo m)
    {
        var ctx = new Context();
        foreach (var imp in m.Imports)
        {
            switch (imp.Kind)
            {
                case ExternKind.Function:
                    if (imp.TypeIndex >= m.Types.Count) throw new WasmValidationException(imp.Offset, $"unknown type {imp.TypeIndex}");
                    break;
                case ExternKind.Table:
                    CheckTableLimits(imp.Table!.Limits, imp.Offset);
                    break;
                case ExternKind.Memory:
                    CheckMemoryLimits(imp.Memory!.Limits, imp.Offset);
                    break;
            }
        }
        for (int i = m.ImportedFuncCount; i < m.FuncTypeIndices.Count; i++)
        {
            if (m.FuncTypeIndices[i] >= m.Types.Count)
                throw new WasmValidationException(m.SectionOffsets.GetValueOrDefault("function"), $"unknown type {m.FuncTypeIndices[i]}");
        }
        for (int i = m.ImportedTableCount; i < m.Tables.Count; i++)
            CheckTableLimits(m.Tables[i].Limits, m.TableOffsets[i]);
        for (int i = m.ImportedMemoryCount; i < m.Memories.Count; i++)
            CheckMemoryLimits(m.Memories[i].Limits, m.MemoryOffsets[i]);
        if (m.Memories.Count > 1)
            throw new WasmValidationException(m.MemoryOffsets[1], "multiple memories");

        // Globals: initializers may only read imported globals.
        for (int i = 0; i < m.GlobalInits.Count; i++)
        {
            var g = m.Globals[m.ImportedGlobalCount + i];
            CheckConstExpr(m, ctx, m.GlobalInits[i], g.ValueType);
        }

        foreach (var seg in m.Elems)
        {
            foreach (var item in seg.Items) CheckConstExpr(m, ctx, item, seg.ElementType);
            if (seg.Mode == SegmentMode.Active)
            {
                if (seg.TableIndex >= m.Tables.Count) throw new WasmValidationException(seg.Offset, $"unknown table {seg.TableIndex}");
                if (m.Tables[(int)seg.TableIndex].ElementType != seg.ElementType)
                    throw new WasmValidationException(seg.Offset, "type mismatch: element segment type differs from its table's");
                CheckConstExpr(m, ctx, seg.OffsetExpr!, ValType.I32);
            }
        }

        foreach (var seg in m.Datas)
        {
            if (seg.Mode != SegmentMode.Active) continue;
            if (seg.MemoryIndex >= m.Memories.Count) throw new WasmValidationException(seg.Offset, $"unknown memory {seg.MemoryIndex}");
            CheckConstExpr(m, ctx, seg.OffsetExpr!, ValType.I32);
        }

        if (m.Start is uint start)
        {
            if (start >= m.FuncTypeIndices.Count) throw new WasmValidationException(m.StartOffset, $"unknown function {start}");
            var t = m.FuncTypeOf((int)start);
            if (t.Params.Length != 0 || t.Results.Length != 0)
                throw new WasmValidationException(m.StartOffset, "start function must have type [] -> []");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in m.Exports)
        {
            if (!names.Add(e.Name)) throw new WasmValidationException(e.Offset, $"duplicate export name \"{e.Name}\"");
            int count = e.Kind switch
            {
                ExternKind.Function => m.FuncTypeIndices.Count,
                ExternKind.Table => m.Tables.Count,
                ExternKind.Memory => m.Memories.Count,
                _ => m.Globals.Count,
            };
            if (e.Index >= count)
                throw new WasmValidationException(e.Offset, $"unknown {e.Kind.ToString().ToLowerInvariant()} {e.Index}");
            if (e.Kind == ExternKind.Function) ctx.DeclaredFuncRefs.Add(e.Index);
        }

        var heights = new int[m.Bodies.Count];
        var fv = new FunctionValidator(m, ctx);
        for (int i = 0; i < m.Bodies.Count; i++)
        {
            fv.Validate(m.Bodies[i], m.FuncTypeOf(m.ImportedFuncCount + i));
            heights[i] = fv.MaxHeight;
        }
        return heights;
    }

    private static void CheckTableLimits(Limits l, int offset)
    {
        if (l.Max is ulong max && l.Min > max)
            throw new WasmValidationException(offset, "size minimum must not be greater than maximum");
    }

    private static void CheckMemoryLimits(Limits l, int offset)
    {
        if (l.Min > MaxMemoryPages || (l.Max is ulong mx && mx > MaxMemoryPages))
            throw new WasmValidationException(offset, "memory size must be at most 65536 pages (4GiB)");
        if (l.Max is ulong max && l.Min > max)
            throw new WasmValidationException(offset, "size minimum must not be greater than maximum");
    }

    /// <summary>A constant expression must be a single constant instruction producing <paramref name="expected"/>.</summary>
    private static void CheckConstExpr(ModuleInfo m, Context ctx, ConstExpr expr, ValType expected)
    {
        var stack = new List<ValType>();
        foreach (var ins in expr.Code)
        {
            switch (ins.Op)
            {
                case Op.I32Const: stack.Add(ValType.I32); break;
                case Op.I64Const: stack.Add(ValType.I64); break;
                case Op.F32Const: stack.Add(ValType.F32); break;
                case Op.F64Const: stack.Add(ValType.F64); break;
                case Op.RefNull: stack.Add((ValType)(byte)ins.A); break;
                case Op.RefFunc:
                    if (ins.A >= m.FuncTypeIndices.Count) throw new WasmValidationException(ins.Offset, $"unknown function {ins.A}");
                    ctx.DeclaredFuncRefs.Add((uint)ins.A);
                    stack.Add(ValType.FuncRef);
                    break;
                case Op.GlobalGet:
                    if (ins.A >= m.ImportedGlobalCount) throw new WasmValidationException(ins.Offset, $"unknown global {ins.A}");
                    if (m.Globals[(int)ins.A].Mutable) throw new WasmValidationException(ins.Offset, "constant expression required");
                    stack.Add(m.Globals[(int)ins.A].ValueType);
                    break;
                default:
                    throw new WasmValidationException(ins.Offset, "constant expression required");
            }
        }
        if (stack.Count != 1 || stack[0] != expected)
            throw new WasmValidationException(expr.Offset, $"type mismatch: constant expression must produce {expected.Name()}");
    }
}
