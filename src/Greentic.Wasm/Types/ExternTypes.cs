namespace Greentic.Wasm;

public enum ExternKind : byte { Function = 0, Table = 1, Memory = 2, Global = 3 }

/// <summary>Size limits of a table (in elements) or a memory (in 64 KiB pages).</summary>
public readonly record struct Limits(ulong Min, ulong? Max)
{
    /// <summary>Import matching: this (the provided object's current limits) is a subtype of <paramref name="required"/>.</summary>
    public bool Matches(Limits required) =>
        Min >= required.Min && (required.Max is null || (Max is not null && Max.Value <= required.Max.Value));

    public override string ToString() => Max is null ? $"{Min}" : $"{Min}..{Max}";
}

public sealed record TableType(ValType ElementType, Limits Limits);

public sealed record MemoryType(Limits Limits);

public sealed record GlobalType(ValType ValueType, bool Mutable)
{
    public override string ToString() => Mutable ? $"(mut {ValueType.Name()})" : ValueType.Name();
}
