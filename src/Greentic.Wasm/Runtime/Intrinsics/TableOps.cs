namespace Greentic.Wasm.Runtime.Intrinsics;

/// <summary>Table and reference instructions from compiled code.</summary>
internal static class TableOps
{
    public static Function ResolveIndirect(int index, Table table, int typeId)
    {
        object?[] elems = table.Elements;
        if ((uint)index >= (uint)elems.Length) throw new TrapException(TrapCode.UndefinedElement);
        var f = elems[index] as Function;
        if (f is null) throw new TrapException(TrapCode.UninitializedElement);
        if (f.TypeId != typeId) throw new TrapException(TrapCode.IndirectCallTypeMismatch);
        return f;
    }

    public static object? Get(int i, Table t)
    {
        object?[] e = t.Elements;
        if ((uint)i >= (uint)e.Length) Traps.ThrowTable();
        return e[i];
    }

    public static void Set(int i, object? v, Table t)
    {
        object?[] e = t.Elements;
        if ((uint)i >= (uint)e.Length) Traps.ThrowTable();
        e[i] = v;
    }

    public static int Size(Table t) => t.Elements.Length;

    public static int Grow(object? init, int n, Table t) => t.Grow((uint)n, init);

    public static void Fill(int i, object? v, int n, Table t)
    {
        object?[] e = t.Elements;
        if ((ulong)(uint)i + (uint)n > (ulong)e.Length) Traps.ThrowTable();
        Array.Fill(e, v, i, n);
    }

    public static void Copy(int d, int s, int n, Table dst, Table src)
    {
        if ((ulong)(uint)d + (uint)n > (ulong)dst.Elements.Length || (ulong)(uint)s + (uint)n > (ulong)src.Elements.Length)
            Traps.ThrowTable();
        Array.Copy(src.Elements, s, dst.Elements, d, n);
    }

    public static void Init(int d, int s, int n, Table t, InstanceContext ctx, int segment)
    {
        object?[] seg = ctx.Elems[segment] ?? [];
        if ((ulong)(uint)s + (uint)n > (ulong)seg.Length || (ulong)(uint)d + (uint)n > (ulong)t.Elements.Length)
            Traps.ThrowTable();
        Array.Copy(seg, s, t.Elements, d, n);
    }

    public static void ElemDrop(InstanceContext ctx, int segment) => ctx.Elems[segment] = null;
}
