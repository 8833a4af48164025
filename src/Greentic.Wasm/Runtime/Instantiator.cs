using Greentic.Wasm.Binary;

namespace Greentic.Wasm.Runtime;

/// <summary>Module instantiation (spec "Instantiation"): import matching, allocation, global and segment
/// initialization, active segments in order, then the start function.</summary>
internal static class Instantiator
{
    public static Instance Instantiate(Store store, Module module, Extern[] imports)
    {
        if (module.Engine != store.Engine)
            throw new ArgumentException("the module was compiled by a different engine than the store's", nameof(module));
        var m = module.Info;
        if (imports.Length != m.Imports.Count) throw new WasmLinkException($"module needs {m.Imports.Count} imports, got {imports.Length}");
        for (int i = 0; i < imports.Length; i++) CheckImport(m, m.Imports[i], imports[i]);
        store.OnInstantiate();

        var ctx = new InstanceContext { State = store.State, Store = store, Module = module };
        var funcs = new Function[m.FuncTypeIndices.Count];
        var tables = new List<Table>();
        var globals = new List<Global>();
        int fi = 0;
        foreach (var imp in imports)
        {
            switch (imp)
            {
                case Function f: funcs[fi++] = f; break;
                case Table t: tables.Add(t); break;
                case Memory mem: ctx.Memory0 = mem; break;
                case Global g: globals.Add(g); break;
            }
        }
        var compiled = module.Compiled;
        for (int i = 0; i < compiled.Pointers.Length; i++, fi++)
            funcs[fi] = new Function(m.FuncTypeOf(fi), compiled.Pointers[i], ctx, compiled);
        ctx.Functions = funcs;

        for (int i = m.ImportedTableCount; i < m.Tables.Count; i++)
            tables.Add(new Table(m.Tables[i], store.MaxTableElements, null));
        ctx.Tables = tables.ToArray();
        if (m.ImportedMemoryCount == 0 && m.Memories.Count > 0)
            ctx.Memory0 = new Memory(m.Memories[0], store.MaxMemoryPages);

        for (int i = 0; i < m.GlobalInits.Count; i++)
        {
            var gt = m.Globals[m.ImportedGlobalCount + i];
            globals.Add(new Global(gt, Evaluate(m.GlobalInits[i], gt.ValueType, ctx, globals)));
        }
        ctx.Globals = globals.ToArray();

        ctx.Elems = new object?[]?[m.Elems.Count];
        for (int i = 0; i < m.Elems.Count; i++)
        {
            var seg = m.Elems[i];
            var items = new object?[seg.Items.Length];
            for (int k = 0; k < items.Length; k++) items[k] = Evaluate(seg.Items[k], seg.ElementType, ctx, globals).AsRef();
            ctx.Elems[i] = items;
        }
        ctx.Datas = m.Datas.Select(d => (byte[]?)d.Bytes).ToArray();

        var exports = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var e in m.Exports)
        {
            exports[e.Name] = e.Kind switch
            {
                ExternKind.Function => funcs[e.Index],
                ExternKind.Table => ctx.Tables[e.Index],
                ExternKind.Memory => ctx.Memory0!,
                _ => ctx.Globals[e.Index],
            };
        }
        var instance = new Instance(module, ctx, exports);

        for (int i = 0; i < m.Elems.Count; i++)
        {
            var seg = m.Elems[i];
            if (seg.Mode == SegmentMode.Active)
            {
                int offset = Evaluate(seg.OffsetExpr!, ValType.I32, ctx, globals).AsI32();
                var table = ctx.Tables[seg.TableIndex];
                var items = ctx.Elems[i]!;
                if ((ulong)(uint)offset + (ulong)items.Length > table.Size) throw new TrapException(TrapCode.TableOutOfBounds);
                Array.Copy(items, 0, table.Elements, offset, items.Length);
                ctx.Elems[i] = null;
            }
            else if (seg.Mode == SegmentMode.Declarative)
            {
                ctx.Elems[i] = null;
            }
        }
        for (int i = 0; i < m.Datas.Count; i++)
        {
            var seg = m.Datas[i];
            if (seg.Mode != SegmentMode.Active) continue;
            int offset = Evaluate(seg.OffsetExpr!, ValType.I32, ctx, globals).AsI32();
            var mem = ctx.Memory0!;
            if ((ulong)(uint)offset + (ulong)seg.Bytes.Length > (ulong)mem.Length) throw new TrapException(TrapCode.MemoryOutOfBounds);
            seg.Bytes.CopyTo(mem.GetSpan().Slice(offset, seg.Bytes.Length));
            ctx.Datas[i] = null;
        }
        if (m.Start is uint start) funcs[start].Invoke(ReadOnlySpan<Value>.Empty);
        return instance;
    }

    private static Value Evaluate(ConstExpr expr, ValType type, InstanceContext ctx, List<Global> globals)
    {
        var ins = expr.Code[0];
        return ins.Op switch
        {
            Op.I32Const => Value.I32((int)ins.A),
            Op.I64Const => Value.I64(ins.A),
            Op.F32Const => Value.F32Bits((int)ins.A),
            Op.F64Const => Value.F64Bits(ins.A),
            Op.RefNull => Value.Null((ValType)(byte)ins.A),
            Op.RefFunc => Value.FuncRef(ctx.Functions[ins.A]),
            Op.GlobalGet => globals[(int)ins.A].Value,
            _ => throw new InvalidOperationException($"not a constant instruction: {ins.Op}"),
        };
    }

    private static void CheckImport(ModuleInfo m, ImportInfo imp, Extern provided)
    {
        string where = $"{imp.Module}.{imp.Name}";
        switch (imp.Kind)
        {
            case ExternKind.Function:
                if (provided is not Function f) throw Incompatible(where, "a function", provided);
                var want = m.Types[(int)imp.TypeIndex];
                if (f.TypeId != want.Id) throw new WasmLinkException($"incompatible import type for {where}: expected {want}, got {f.Type}");
                break;
            case ExternKind.Table:
                if (provided is not Table t) throw Incompatible(where, "a table", provided);
                if (t.Type.ElementType != imp.Table!.ElementType || !t.CurrentLimits.Matches(imp.Table.Limits))
                    throw new WasmLinkException($"incompatible import type for {where}: expected table {imp.Table.ElementType.Name()} {imp.Table.Limits}, got {t.Type.ElementType.Name()} {t.CurrentLimits}");
                break;
            case ExternKind.Memory:
                if (provided is not Memory mem) throw Incompatible(where, "a memory", provided);
                if (!mem.CurrentLimits.Matches(imp.Memory!.Limits))
                    throw new WasmLinkException($"incompatible import type for {where}: expected memory {imp.Memory.Limits}, got {mem.CurrentLimits}");
                break;
            case ExternKind.Global:
                if (provided is not Global g) throw Incompatible(where, "a global", provided);
                if (g.Type != imp.Global)
                    throw new WasmLinkException($"incompatible import type for {where}: expected global {imp.Global}, got {g.Type}");
                break;
        }
    }

    private static WasmLinkException Incompatible(string where, string expected, Extern provided) =>
        new($"incompatible import type for {where}: expected {expected}, got a {provided.Kind.ToString().ToLowerInvariant()}");
}
