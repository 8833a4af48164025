namespace Greentic.Wasm.Component;

/// <summary>The cached canonical-ABI facts of one <see cref="WitType"/>: size, alignment, field or payload offsets,
/// and the flattened core types (for a variant: discriminant first, then the joined payload slots).</summary>
internal sealed class TypeLayout
{
    private TypeLayout(int size, int alignment, int[] fieldOffsets, int payloadOffset, ValType[] flat)
    {
        Size = size;
        Alignment = alignment;
        FieldOffsets = fieldOffsets;
        PayloadOffset = payloadOffset;
        Flat = flat;
    }

    public int Size { get; }
    public int Alignment { get; }
    public int[] FieldOffsets { get; }
    public int PayloadOffset { get; }
    public ValType[] Flat { get; }

    public static TypeLayout Compute(WitType t) => new(
        CanonicalLayout.ComputeSize(t),
        CanonicalLayout.ComputeAlignment(t),
        t.Kind is WitKind.Record or WitKind.Tuple ? CanonicalLayout.ComputeFieldOffsets(t) : [],
        t.IsVariantLike ? CanonicalLayout.ComputePayloadOffset(t) : 0,
        [.. CanonicalFlattening.ComputeFlat(t)]);
}
