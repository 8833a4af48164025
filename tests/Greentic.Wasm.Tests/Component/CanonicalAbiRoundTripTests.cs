using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>Values lowered into a real guest's memory (through its cabi_realloc) and lifted back out of it.</summary>
public sealed class CanonicalAbiRoundTripTests
{
    private static ComponentValue Echo(ComponentInstance g, WitType listOrString, ComponentValue v) =>
        g.GetFunction("echo", AbiTestGuest.Func(listOrString, listOrString)).Invoke(v)!;

    [Fact]
    public void EmptyStringsAndListsRoundTrip()
    {
        var g = AbiTestGuest.Instantiate();
        Assert.Equal("", Echo(g, WitType.String, ComponentValue.String("")).AsString());
        Assert.Empty(Echo(g, WitType.List(WitType.U8), ComponentValue.Bytes([])).AsBytes());
        Assert.Empty(Echo(g, WitType.List(WitType.String), ComponentValue.List()).Items);
    }

    [Fact]
    public void NonAsciiStringsRoundTripAsUtf8()
    {
        var g = AbiTestGuest.Instantiate();
        const string text = "dé-cafféiné ☕ 𝄞";
        Assert.Equal(text, Echo(g, WitType.String, ComponentValue.String(text)).AsString());
        // the guest saw UTF-8 bytes: the length it got is the byte length
        var asBytes = Echo(g, WitType.List(WitType.U8), ComponentValue.Utf8Bytes(text));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), asBytes.AsBytes().Length);
    }

    [Fact]
    public void ListsOfAlignedRecordsWithNestedVariantsRoundTrip()
    {
        var element = WitType.Record(
            ("flag", WitType.Bool), ("big", WitType.U64), ("small", WitType.S16), ("name", WitType.String),
            ("maybe", WitType.Option(WitType.F64)), ("outcome", WitType.Result(WitType.Char, WitType.List(WitType.S8))),
            ("perms", WitType.Flags("read", "write", "exec")), ("mixed", AbiTestGuest.MixedVariant));
        var list = WitType.List(element);
        var value = ComponentValue.List(
            ComponentValue.Record(ComponentValue.Bool(true), ComponentValue.U64(ulong.MaxValue), ComponentValue.S16(-2),
                ComponentValue.String("first"), ComponentValue.Some(ComponentValue.F64(-0.5)),
                ComponentValue.Ok(ComponentValue.Char(0x1F600)), ComponentValue.Flags(0b101),
                ComponentValue.Variant(1, ComponentValue.F32(3.25f))),
            ComponentValue.Record(ComponentValue.Bool(false), ComponentValue.U64(0), ComponentValue.S16(short.MinValue),
                ComponentValue.String(""), ComponentValue.None(),
                ComponentValue.Err(ComponentValue.List(ComponentValue.S8(-128), ComponentValue.S8(127))), ComponentValue.Flags(0),
                ComponentValue.Variant(4)));
        var g = AbiTestGuest.Instantiate();
        var back = Echo(g, list, value);
        Assert.Equal(value, back);
        Assert.Equal(0x1F600, back.Items[0].Items[5].Payload!.AsChar());
    }

    [Fact]
    public void PostReturnRunsOnceAfterEachCall()
    {
        var g = AbiTestGuest.Instantiate();
        var posts = g.Core.GetGlobal("post-count")!;
        Echo(g, WitType.String, ComponentValue.String("a"));
        Echo(g, WitType.String, ComponentValue.String("b"));
        Assert.Equal(2, posts.Value.AsI32());
    }

    [Fact]
    public void SixteenArgumentsGoFlatAndSeventeenGoThroughAGuestAllocation()
    {
        var g = AbiTestGuest.Instantiate();
        var allocs = g.Core.GetGlobal("alloc-count")!;
        var sum16 = g.GetFunction("sum16", AbiTestGuest.Func(WitType.U32, Enumerable.Repeat(WitType.U32, 16).ToArray()));
        Assert.Equal(136u, (uint)sum16.Invoke(Enumerable.Range(1, 16).Select(i => ComponentValue.U32((uint)i)).ToArray())!.AsUInt64());
        Assert.Equal(0, allocs.Value.AsI32());
        var sum17 = g.GetFunction("sum17", AbiTestGuest.Func(WitType.U32, Enumerable.Repeat(WitType.U32, 17).ToArray()));
        Assert.Equal(153u, (uint)sum17.Invoke(Enumerable.Range(1, 17).Select(i => ComponentValue.U32((uint)i)).ToArray())!.AsUInt64());
        Assert.Equal(1, allocs.Value.AsI32());
    }

    [Fact]
    public void HostImportsLiftArgumentsAndLowerResultsIntoTheReturnArea()
    {
        var g = AbiTestGuest.Instantiate(l => l.DefineComponentFunction(AbiTestGuest.HostApi, "greet",
            AbiTestGuest.Func(WitType.String, WitType.String), (_, a) => ComponentValue.String($"hello, {a[0].AsString()}!")));
        var r = g.GetFunction("call-greet", AbiTestGuest.Func(WitType.String, WitType.String)).Invoke(ComponentValue.String("wörld"));
        Assert.Equal("hello, wörld!", r!.AsString());
    }

    [Fact]
    public void HostImportsReadSeventeenArgumentsFromTheGuestsTuple()
    {
        IReadOnlyList<ComponentValue>? seen = null;
        var g = AbiTestGuest.Instantiate(l => l.DefineComponentFunction(AbiTestGuest.HostApi, "many",
            AbiTestGuest.Func(WitType.U32, Enumerable.Repeat(WitType.U32, 17).ToArray()),
            (_, a) => { seen = a; return ComponentValue.U32((uint)a.Sum(v => (long)v.AsUInt64())); }));
        var r = g.GetFunction("call-many", AbiTestGuest.Func(WitType.U32)).Invoke();
        Assert.Equal(153UL, r!.AsUInt64());
        Assert.Equal(Enumerable.Range(1, 17).Select(i => (ulong)i), seen!.Select(v => v.AsUInt64()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void VariantPayloadsSurviveTheJoinedFlatSlots(int caseIndex)
    {
        ComponentValue[] samples =
        [
            ComponentValue.Variant(0, ComponentValue.U32(0xFFFF_FFFF)),
            ComponentValue.Variant(1, ComponentValue.F32(-1.5f)),
            ComponentValue.Variant(2, ComponentValue.U64(0x8000_0000_0000_0001)),
            ComponentValue.Variant(3, ComponentValue.F64(Math.PI)),
            ComponentValue.Variant(4),
        ];
        ComponentValue? seen = null;
        var g = AbiTestGuest.Instantiate(l => l.DefineComponentFunction(AbiTestGuest.HostApi, "variant-in",
            AbiTestGuest.Func(WitType.U32, AbiTestGuest.MixedVariant), (_, a) => { seen = a[0]; return ComponentValue.U32(7); }));
        var f = g.GetFunction("pass-variant", AbiTestGuest.Func(WitType.U32, AbiTestGuest.MixedVariant));
        Assert.Equal(7UL, f.Invoke(samples[caseIndex])!.AsUInt64());
        Assert.Equal(samples[caseIndex], seen);
    }

    [Fact]
    public void IntegersAreTruncatedAndBoolsAreAnyNonZeroWhenLiftedFromFlatValues()
    {
        var g = AbiTestGuest.Instantiate();
        Assert.Equal(255UL, g.GetFunction("ident", AbiTestGuest.Func(WitType.U8, WitType.U32)).Invoke(ComponentValue.U32(0x1FF))!.AsUInt64());
        Assert.Equal(-1L, g.GetFunction("ident", AbiTestGuest.Func(WitType.S8, WitType.U32)).Invoke(ComponentValue.U32(0xFF))!.AsInt64());
        Assert.True(g.GetFunction("ident", AbiTestGuest.Func(WitType.Bool, WitType.U32)).Invoke(ComponentValue.U32(2))!.AsBool());
    }
}
