using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>What a misbehaving guest (or host) gets: a trap or an argument error with a clear message, never a
/// CLR crash. The <c>ident</c> export returns the pointer the test prepared, so memory contents are the test input.</summary>
public sealed class CanonicalAbiTrapTests
{
    private static TrapException LiftTrap(WitType result, int returned, Action<ComponentInstance>? prepare = null)
    {
        var g = AbiTestGuest.Instantiate();
        prepare?.Invoke(g);
        var f = g.GetFunction("ident", AbiTestGuest.Func(result, WitType.U32));
        return Assert.Throws<TrapException>(() => f.Invoke(ComponentValue.U32((uint)returned)));
    }

    [Fact]
    public void AStringPointingOutsideMemoryTraps()
    {
        var t = LiftTrap(WitType.String, 256, g => AbiTestGuest.PokeI32(g, 256, 65_500, 100));
        Assert.Equal(TrapCode.MemoryOutOfBounds, t.Code);
    }

    [Fact]
    public void AReturnAreaOutsideMemoryTraps() =>
        Assert.Equal(TrapCode.MemoryOutOfBounds, LiftTrap(WitType.String, 65_532).Code);

    [Fact]
    public void AMisalignedReturnAreaTraps()
    {
        var t = LiftTrap(WitType.String, 258);
        Assert.Equal(TrapCode.CanonicalAbi, t.Code);
        Assert.Contains("aligned", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeListLengthTrapsBeforeAnythingIsAllocated()
    {
        var t = LiftTrap(WitType.List(WitType.U64), 256, g => AbiTestGuest.PokeI32(g, 256, 8, 0x2000_0000));
        Assert.Equal(TrapCode.MemoryOutOfBounds, t.Code);
    }

    [Fact]
    public void AMisalignedListTraps()
    {
        var t = LiftTrap(WitType.List(WitType.U32), 256, g => AbiTestGuest.PokeI32(g, 256, 6, 1));
        Assert.Equal(TrapCode.CanonicalAbi, t.Code);
    }

    [Fact]
    public void InvalidUtf8Traps()
    {
        var t = LiftTrap(WitType.String, 256, g =>
        {
            AbiTestGuest.PokeI32(g, 256, 512, 2);
            AbiTestGuest.Poke(g, 512, 0xC3, 0x28);
        });
        Assert.Equal(TrapCode.CanonicalAbi, t.Code);
        Assert.Contains("UTF-8", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutOfRangeDiscriminantTraps()
    {
        Assert.Equal(TrapCode.CanonicalAbi, LiftTrap(WitType.Enum("a", "b"), 2).Code);
        var t = LiftTrap(WitType.Option(WitType.U8), 256, g => AbiTestGuest.Poke(g, 256, 2, 0));
        Assert.Equal(TrapCode.CanonicalAbi, t.Code);
        Assert.Contains("discriminant 2", t.Message, StringComparison.Ordinal);
        Assert.Equal(TrapCode.CanonicalAbi, LiftTrap(WitType.Result(WitType.U32, null), 256, g => AbiTestGuest.Poke(g, 256, 7)).Code);
    }

    [Fact]
    public void ASurrogateOrOutOfRangeCharTraps()
    {
        Assert.Equal(TrapCode.CanonicalAbi, LiftTrap(WitType.Char, 0xD800).Code);
        Assert.Equal(TrapCode.CanonicalAbi, LiftTrap(WitType.Char, 0x110000).Code);
    }

    [Fact]
    public void AMisalignedAllocationFromCabiReallocTraps()
    {
        var engine = new Engine();
        var wat = """
            (module (memory (export "memory") 1)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1026))
              (func (export "echo") (param i32 i32) (result i32) (i32.const 0)))
            """;
        var g = ComponentInstance.Instantiate(new Linker(engine), new Store(engine), Module.FromBytes(engine, "m", Wat.ToWasm(wat)));
        var f = g.GetFunction("echo", AbiTestGuest.Func(WitType.List(WitType.U32), WitType.List(WitType.U32)));
        var t = Assert.Throws<TrapException>(() => f.Invoke(ComponentValue.List(ComponentValue.U32(1))));
        Assert.Equal(TrapCode.CanonicalAbi, t.Code);
        Assert.Contains("not aligned to 4", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentsOfTheWrongTypeAreArgumentErrors()
    {
        var g = AbiTestGuest.Instantiate();
        var f = g.GetFunction("echo", AbiTestGuest.Func(WitType.String, WitType.String));
        var e = Assert.Throws<ArgumentException>(() => f.Invoke(ComponentValue.S32(1)));
        Assert.Contains("expected a value of type string", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => f.Invoke());
        var opt = g.GetFunction("echo", AbiTestGuest.Func(WitType.List(WitType.Option(WitType.U8)), WitType.List(WitType.Option(WitType.U8))));
        Assert.Throws<ArgumentException>(() => opt.Invoke(ComponentValue.List(ComponentValue.Variant(5))));
    }

    [Fact]
    public void ASignatureThatDoesNotMatchTheCoreExportIsALinkError()
    {
        var g = AbiTestGuest.Instantiate();
        var e = Assert.Throws<WasmLinkException>(() => g.GetFunction("echo", AbiTestGuest.Func(WitType.U32, WitType.U64)));
        Assert.Contains("echo", e.Message, StringComparison.Ordinal);
        Assert.Throws<WasmLinkException>(() => g.GetFunction("no-such-export", AbiTestGuest.Func(null)));
    }

    [Fact]
    public void AHostResultOfTheWrongTypeIsAHostErrorTrap()
    {
        var g = AbiTestGuest.Instantiate(l => l.DefineComponentFunction(AbiTestGuest.HostApi, "greet",
            AbiTestGuest.Func(WitType.String, WitType.String), (_, _) => ComponentValue.U32(1)));
        var f = g.GetFunction("call-greet", AbiTestGuest.Func(WitType.String, WitType.String));
        var t = Assert.Throws<TrapException>(() => f.Invoke(ComponentValue.String("x")));
        Assert.Equal(TrapCode.HostError, t.Code);
        Assert.Contains("does not match string", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AComponentImportCalledOutsideAComponentCallTraps()
    {
        var g = AbiTestGuest.Instantiate();
        var core = g.Core.GetFunction("call-many")!;
        var t = Assert.Throws<TrapException>(() => core.Invoke(Array.Empty<Value>()));
        Assert.Equal(TrapCode.HostError, t.Code);
        Assert.Contains("outside a component call", t.Message, StringComparison.Ordinal);
    }
}
