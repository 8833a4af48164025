namespace Greentic.Wasm.Component;

/// <summary>A sequence of core values consumed by a flat lift.</summary>
internal interface IFlatSource
{
    Value Next(ValType want);
}

/// <summary>Core values read in order; a type mismatch means our own flattening is wrong, so it is a trap, not a crash.</summary>
internal sealed class FlatReader(ReadOnlyMemory<Value> values) : IFlatSource
{
    private int index;

    public Value Next(ValType want)
    {
        if (index >= values.Length) throw new TrapException(TrapCode.CanonicalAbi, "too few core values for the signature");
        var v = values.Span[index++];
        if (v.Type != want) throw new TrapException(TrapCode.CanonicalAbi, $"core value {v} where {want.Name()} was expected");
        return v;
    }
}

/// <summary>Reads a variant payload out of the variant's joined flat types (CanonicalABI.md CoerceValueIter).</summary>
internal sealed class CoercingSource(IFlatSource inner, ValType[] variantFlat) : IFlatSource
{
    private int position = 1; // slot 0 is the discriminant, already read

    public Value Next(ValType want)
    {
        var have = variantFlat[position++];
        var x = inner.Next(have);
        return (have, want) switch
        {
            (ValType.I32, ValType.F32) => Value.F32Bits(x.AsI32()),
            (ValType.I64, ValType.I32) => Value.I32((int)x.AsI64()),
            (ValType.I64, ValType.F32) => Value.F32Bits((int)x.AsI64()),
            (ValType.I64, ValType.F64) => Value.F64Bits(x.AsI64()),
            _ => x,
        };
    }

    public void SkipRest()
    {
        while (position < variantFlat.Length) inner.Next(variantFlat[position++]);
    }
}
