using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

public sealed class CanonicalLayoutTests
{
    [Fact]
    public void RecordFieldsAreAlignedAndTheSizeIsRoundedToTheRecordAlignment()
    {
        var r = WitType.Record(("a", WitType.U8), ("b", WitType.U64), ("c", WitType.U16));
        Assert.Equal(8, CanonicalLayout.Alignment(r));
        Assert.Equal([0, 8, 16], CanonicalLayout.FieldOffsets(r));
        Assert.Equal(24, CanonicalLayout.Size(r));

        var small = WitType.Record(("a", WitType.U8), ("b", WitType.U32), ("c", WitType.U8));
        Assert.Equal([0, 4, 8], CanonicalLayout.FieldOffsets(small));
        Assert.Equal(12, CanonicalLayout.Size(small));
    }

    [Fact]
    public void VariantsPlaceThePayloadAfterTheDiscriminantAtTheLargestCaseAlignment()
    {
        Assert.Equal(16, CanonicalLayout.Size(WitType.Option(WitType.U64)));
        Assert.Equal(8, CanonicalLayout.PayloadOffset(WitType.Option(WitType.U64)));
        Assert.Equal(12, CanonicalLayout.Size(WitType.Option(WitType.String)));
        Assert.Equal(1, CanonicalLayout.Size(WitType.Result(null, null)));
        Assert.Equal(1, CanonicalLayout.Size(WitType.Enum("ok")));
        // result<option<list<u8>>, secrets-error>: the shape the C provider's secrets_get_result_t mirrors
        Assert.Equal(16, CanonicalLayout.Size(GreenticWit.SecretsGet.Result!));
        Assert.Equal(20, CanonicalLayout.Size(GreenticWit.StateRead.Result!));
    }

    [Fact]
    public void DiscriminantAndFlagsWidthsGrowWithTheNumberOfLabels()
    {
        Assert.Equal(1, CanonicalLayout.DiscriminantSize(256));
        Assert.Equal(2, CanonicalLayout.DiscriminantSize(257));
        Assert.Equal(4, CanonicalLayout.DiscriminantSize(65537));
        var e300 = WitType.Enum(Enumerable.Range(0, 300).Select(i => "c" + i).ToArray());
        Assert.Equal(2, CanonicalLayout.Size(e300));
        Assert.Equal(1, CanonicalLayout.Size(WitType.Flags("a", "b", "c")));
        Assert.Equal(2, CanonicalLayout.Size(WitType.Flags(Enumerable.Range(0, 9).Select(i => "f" + i).ToArray())));
        Assert.Equal(4, CanonicalLayout.Size(WitType.Flags(Enumerable.Range(0, 32).Select(i => "f" + i).ToArray())));
    }

    [Fact]
    public void VariantFlatteningJoinsCaseTypesSlotBySlot()
    {
        Assert.Equal([ValType.I32, ValType.I64], CanonicalFlattening.Flatten(AbiTestGuest.MixedVariant));
        Assert.Equal([ValType.I32, ValType.I32], CanonicalFlattening.Flatten(WitType.Result(WitType.F32, WitType.U32)));
        Assert.Equal([ValType.I32, ValType.F32], CanonicalFlattening.Flatten(WitType.Option(WitType.F32)));
        Assert.Equal([ValType.I32, ValType.I32, ValType.I32], CanonicalFlattening.Flatten(WitType.Option(WitType.String)));
    }

    [Fact]
    public void SixteenFlatParametersStayFlatAndSeventeenGoThroughMemory()
    {
        var sixteen = AbiTestGuest.Func(WitType.U32, Enumerable.Repeat(WitType.U32, 16).ToArray());
        var seventeen = AbiTestGuest.Func(WitType.U32, Enumerable.Repeat(WitType.U32, 17).ToArray());
        Assert.Equal(16, CanonicalFlattening.CoreSignature(sixteen, forImport: false).Parameters.Count);
        Assert.Equal([ValType.I32], CanonicalFlattening.CoreSignature(seventeen, forImport: false).Parameters);
        // A result that does not fit one core value: exports return a pointer, imports take a return-area pointer.
        var read = GreenticWit.StateRead;
        Assert.Equal(new FuncType([ValType.I32], [ValType.I32]), CanonicalFlattening.CoreSignature(read, forImport: false));
        Assert.Equal(new FuncType([ValType.I32, ValType.I32], []), CanonicalFlattening.CoreSignature(read, forImport: true));
    }
}
