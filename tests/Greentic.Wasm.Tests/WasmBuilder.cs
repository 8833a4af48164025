using System.Text;

namespace Greentic.Wasm.Tests;

/// <summary>Builds module binaries byte by byte, so tests can express exactly the (possibly hostile) input they need.</summary>
internal sealed class WasmBuilder
{
    private readonly List<(byte[] Params, byte[] Results)> types = new();
    private readonly List<byte[]> imports = new();
    private readonly List<uint> funcs = new();
    private readonly List<byte[]> tables = new();
    private readonly List<byte[]> memories = new();
    private readonly List<byte[]> globals = new();
    private readonly List<byte[]> exports = new();
    private readonly List<byte[]> bodies = new();
    private readonly List<byte[]> datas = new();
    private int importedFuncs;

    public const byte I32 = 0x7F, I64 = 0x7E, F32 = 0x7D, F64 = 0x7C, FuncRef = 0x70, ExternRef = 0x6F;

    public uint Type(byte[] ps, byte[] rs)
    {
        types.Add((ps, rs));
        return (uint)types.Count - 1;
    }

    public uint ImportFunc(string module, string name, uint type)
    {
        imports.Add([.. Name(module), .. Name(name), 0x00, .. U32(type)]);
        return (uint)importedFuncs++;
    }

    /// <summary>Adds a function; <paramref name="code"/> excludes the final end. Returns its index.</summary>
    public uint Func(uint type, byte[] code, params (uint Count, byte Type)[] locals)
    {
        funcs.Add(type);
        var body = new List<byte>();
        body.AddRange(U32((uint)locals.Length));
        foreach (var (c, t) in locals)
        {
            body.AddRange(U32(c));
            body.Add(t);
        }
        body.AddRange(code);
        body.Add(0x0B);
        bodies.Add(body.ToArray());
        return (uint)(importedFuncs + funcs.Count - 1);
    }

    public void Memory(uint min, uint? max = null) => memories.Add(Limits(min, max));

    public void Table(byte elemType, uint min, uint? max = null) => tables.Add([elemType, .. Limits(min, max)]);

    public void Global(byte type, bool mutable, byte[] init) => globals.Add([type, (byte)(mutable ? 1 : 0), .. init, 0x0B]);

    public void Export(string name, byte kind, uint index) => exports.Add([.. Name(name), kind, .. U32(index)]);

    public void ExportFunc(string name, uint index) => Export(name, 0, index);

    public void ActiveData(uint offset, byte[] bytes) => datas.Add([0x00, 0x41, .. S32((int)offset), 0x0B, .. U32((uint)bytes.Length), .. bytes]);

    public byte[] Build()
    {
        var o = new List<byte> { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };
        if (types.Count > 0)
            Section(o, 1, Vec(types.Select(t => (byte[])[0x60, .. U32((uint)t.Params.Length), .. t.Params, .. U32((uint)t.Results.Length), .. t.Results])));
        if (imports.Count > 0) Section(o, 2, Vec(imports));
        if (funcs.Count > 0) Section(o, 3, Vec(funcs.Select(U32)));
        if (tables.Count > 0) Section(o, 4, Vec(tables));
        if (memories.Count > 0) Section(o, 5, Vec(memories));
        if (globals.Count > 0) Section(o, 6, Vec(globals));
        if (exports.Count > 0) Section(o, 7, Vec(exports));
        if (bodies.Count > 0) Section(o, 10, Vec(bodies.Select(b => (byte[])[.. U32((uint)b.Length), .. b])));
        if (datas.Count > 0) Section(o, 11, Vec(datas));
        return o.ToArray();
    }

    private static void Section(List<byte> o, byte id, byte[] content)
    {
        o.Add(id);
        o.AddRange(U32((uint)content.Length));
        o.AddRange(content);
    }

    private static byte[] Vec(IEnumerable<byte[]> items)
    {
        var list = items.ToList();
        var o = new List<byte>(U32((uint)list.Count));
        foreach (var i in list) o.AddRange(i);
        return o.ToArray();
    }

    private static byte[] Limits(uint min, uint? max) => max is uint m ? [0x01, .. U32(min), .. U32(m)] : [0x00, .. U32(min)];

    public static byte[] Name(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        return [.. U32((uint)b.Length), .. b];
    }

    public static byte[] U32(uint v)
    {
        var o = new List<byte>();
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            if (v != 0) b |= 0x80;
            o.Add(b);
        } while (v != 0);
        return o.ToArray();
    }

    public static byte[] S32(int v) => S64(v);

    public static byte[] S64(long v)
    {
        var o = new List<byte>();
        while (true)
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            if (!done) b |= 0x80;
            o.Add(b);
            if (done) return o.ToArray();
        }
    }

    // A few instruction encoders, enough for readable tests.
    public static byte[] I32Const(int v) => [0x41, .. S32(v)];
    public static byte[] I64Const(long v) => [0x42, .. S64(v)];
    public static byte[] LocalGet(uint i) => [0x20, .. U32(i)];
    public static byte[] LocalSet(uint i) => [0x21, .. U32(i)];
    public static byte[] Call(uint f) => [0x10, .. U32(f)];
    public static byte[] Br(uint depth) => [0x0C, .. U32(depth)];
    public static byte[] BrIf(uint depth) => [0x0D, .. U32(depth)];
    public static readonly byte[] I32Add = [0x6A];
    public static readonly byte[] I32Sub = [0x6B];
    public static readonly byte[] I32DivS = [0x6D];
    public static readonly byte[] Drop = [0x1A];
    public static readonly byte[] End = [0x0B];
    public static readonly byte[] Unreachable = [0x00];
    public static byte[] Loop(byte blockType = 0x40) => [0x03, blockType];
    public static byte[] Block(byte blockType = 0x40) => [0x02, blockType];
    public static byte[] I32Load(uint offset = 0) => [0x28, 0x02, .. U32(offset)];
    public static byte[] I32Store(uint offset = 0) => [0x36, 0x02, .. U32(offset)];
    public static readonly byte[] MemoryGrow = [0x40, 0x00];
    public static readonly byte[] MemorySize = [0x3F, 0x00];

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Repeat(byte[] part, int count)
    {
        var o = new byte[part.Length * count];
        for (int i = 0; i < count; i++) part.CopyTo(o, i * part.Length);
        return o;
    }
}
