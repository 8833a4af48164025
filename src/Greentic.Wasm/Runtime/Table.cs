namespace Greentic.Wasm;

/// <summary>A table of references (funcref: <see cref="Function"/> or null; externref: any object or null).</summary>
public sealed class Table : Extern
{
    internal object?[] Elements;
    private readonly ulong maxSize;

    public Table(Store store, TableType type, Value init)
        : this(type, store.MaxTableElements, init.AsRef())
    {
    }

    internal Table(TableType type, uint limit, object? init)
    {
        Type = type;
        maxSize = Math.Min(type.Limits.Max ?? uint.MaxValue, Math.Min(limit, (ulong)Array.MaxLength));
        if (type.Limits.Min > maxSize)
            throw new TrapException(TrapCode.ResourceLimit, $"table of {type.Limits.Min} elements exceeds the limit of {maxSize}");
        Elements = new object?[type.Limits.Min];
        if (init is not null) Array.Fill(Elements, init);
    }

    public override ExternKind Kind => ExternKind.Table;
    public TableType Type { get; }
    public uint Size => (uint)Elements.Length;
    internal Limits CurrentLimits => new(Size, Type.Limits.Max);

    public Value Get(uint index)
    {
        if (index >= Elements.Length) throw new TrapException(TrapCode.TableOutOfBounds);
        return Type.ElementType == ValType.FuncRef ? Value.FuncRef((Function?)Elements[index]) : Value.ExternRef(Elements[index]);
    }

    public void Set(uint index, Value value)
    {
        if (index >= Elements.Length) throw new TrapException(TrapCode.TableOutOfBounds);
        if (value.Type != Type.ElementType) throw new ArgumentException($"table holds {Type.ElementType.Name()}, not {value.Type.Name()}");
        Elements[index] = value.AsRef();
    }

    /// <summary>Grows by <paramref name="delta"/> slots filled with <paramref name="init"/>; returns the old size or -1.</summary>
    public int Grow(uint delta, object? init)
    {
        uint old = Size;
        ulong target = (ulong)old + delta;
        if (target > maxSize) return -1;
        if (delta == 0) return (int)old;
        object?[] next;
        try
        {
            next = new object?[target];
        }
        catch (OutOfMemoryException)
        {
            return -1;
        }
        Array.Copy(Elements, next, old);
        if (init is not null) Array.Fill(next, init, (int)old, (int)delta);
        Elements = next;
        return (int)old;
    }
}
