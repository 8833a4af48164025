using Greentic.Wasm.Component;

namespace Greentic.Wasm.Tests.Component;

/// <summary>The component model's instance rules: no entry after a trap, no re-entrance, bounded lifting.</summary>
public sealed class ComponentInstanceRulesTests
{
    [Fact]
    public void AnInstanceThatTrappedCannotBeEnteredAgain()
    {
        var g = AbiTestGuest.Instantiate();
        var ident = g.GetFunction("ident", AbiTestGuest.Func(WitType.Char, WitType.U32));
        Assert.Throws<TrapException>(() => ident.Invoke(ComponentValue.U32(0xD800)));
        Assert.True(g.Poisoned);
        var t = Assert.Throws<TrapException>(() => ident.Invoke(ComponentValue.U32('a')));
        Assert.Contains("trapped earlier", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHostImportCannotReenterTheCallingInstance()
    {
        var g = AbiTestGuest.Instantiate(l => l.DefineComponentFunction(AbiTestGuest.HostApi, "greet",
            AbiTestGuest.Func(WitType.String, WitType.String),
            (caller, a) => caller.GetFunction("echo", AbiTestGuest.Func(WitType.String, WitType.String)).Invoke(a[0])));
        var f = g.GetFunction("call-greet", AbiTestGuest.Func(WitType.String, WitType.String));
        var t = Assert.Throws<TrapException>(() => f.Invoke(ComponentValue.String("x")));
        Assert.Contains("re-entrance", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportsSeeTheCallingInstanceAndItsHostData()
    {
        object? seen = null;
        var engine = new Engine();
        var linker = new Linker(engine) { AllowShadowing = true };
        var module = Module.FromBytes(engine, "abi-guest", Wat.ToWasm(AbiTestGuest.Source));
        linker.DefineComponentFunction(AbiTestGuest.HostApi, "greet", AbiTestGuest.Func(WitType.String, WitType.String),
            (caller, a) => { seen = caller.Data; return a[0]; });
        linker.DefineComponentFunction(AbiTestGuest.HostApi, "many", AbiTestGuest.Func(WitType.U32, Enumerable.Repeat(WitType.U32, 17).ToArray()), (_, _) => ComponentValue.U32(0));
        linker.DefineComponentFunction(AbiTestGuest.HostApi, "variant-in", AbiTestGuest.Func(WitType.U32, AbiTestGuest.MixedVariant), (_, _) => ComponentValue.U32(0));
        var tenantA = ComponentInstance.Instantiate(linker, new Store(engine), module, data: "tenant-a");
        var tenantB = ComponentInstance.Instantiate(linker, new Store(engine), module, data: "tenant-b");
        var sig = AbiTestGuest.Func(WitType.String, WitType.String);
        tenantB.GetFunction("call-greet", sig).Invoke(ComponentValue.String("x"));
        Assert.Equal("tenant-b", seen);
        tenantA.GetFunction("call-greet", sig).Invoke(ComponentValue.String("x"));
        Assert.Equal("tenant-a", seen);
    }

    [Fact]
    public void LiftingMoreListElementsThanTheLimitTraps()
    {
        var g = AbiTestGuest.Instantiate();
        g.MaxLiftedElements = 1000;
        AbiTestGuest.PokeI32(g, 256, 1024, 1001);
        var f = g.GetFunction("ident", AbiTestGuest.Func(WitType.List(WitType.Bool), WitType.U32));
        var t = Assert.Throws<TrapException>(() => f.Invoke(ComponentValue.U32(256)));
        Assert.Equal(TrapCode.ResourceLimit, t.Code);

        var ok = AbiTestGuest.Instantiate();
        ok.MaxLiftedElements = 1000;
        AbiTestGuest.PokeI32(ok, 256, 1024, 1000);
        Assert.Equal(1000, ok.GetFunction("ident", AbiTestGuest.Func(WitType.List(WitType.Bool), WitType.U32)).Invoke(ComponentValue.U32(256))!.Items.Count);
    }
}
