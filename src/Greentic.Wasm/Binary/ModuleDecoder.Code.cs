namespace Greentic.Wasm.Binary;

internal static partial class ModuleDecoder
{
    // The code section: locals and instruction sequences of every function body.

    private static void ReadCode(ref WasmReader r, ModuleInfo m, int funcDeclCount, InstrDecoder.DataIndexUse dataUse)
    {
        int at = r.Position;
        uint n = r.ReadCount();
        if ((int)n != Math.Max(funcDeclCount, 0))
            throw WasmReader.Error(at, "function and code section have inconsistent lengths");
        for (uint i = 0; i < n; i++)
        {
            int bodyAt = r.Position;
            uint size = r.ReadU32();
            if (size > (uint)r.Remaining) throw WasmReader.Error(bodyAt, "unexpected end of section or function");
            if (size > ImplementationLimits.FunctionBodyBytes) throw WasmReader.Error(bodyAt, "function body too large (implementation limit)");
            int bodyEnd = r.Position + (int)size;
            int outer = r.Limit(bodyEnd);
            uint groups = r.ReadCount();
            ulong total = 0;
            var decl = new List<(uint Count, ValType Type)>();
            for (uint g = 0; g < groups; g++)
            {
                int gat = r.Position;
                uint c = r.ReadU32();
                total += c;
                if (total > uint.MaxValue) throw WasmReader.Error(gat, "too many locals");
                if (total > MaxLocals) throw WasmReader.Error(gat, $"too many locals (implementation limit {MaxLocals})");
                decl.Add((c, ReadValType(ref r)));
            }
            var locals = new ValType[total];
            int li = 0;
            foreach (var (c, t) in decl)
                for (uint k = 0; k < c; k++) locals[li++] = t;
            var brTables = new List<uint>();
            var code = InstrDecoder.DecodeExpr(ref r, brTables, dataUse);
            if (r.Position != bodyEnd) throw WasmReader.Error(r.Position, "section size mismatch");
            r.Limit(outer);
            m.Bodies.Add(new FunctionBody { Locals = locals, Code = code, BrTables = brTables.ToArray(), Offset = bodyAt });
        }
    }
}
