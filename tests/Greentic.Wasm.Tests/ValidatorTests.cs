using static Greentic.Wasm.Tests.WasmBuilder;

namespace Greentic.Wasm.Tests;

public class ValidatorTests
{
    private static WasmValidationException Invalid(byte[] bytes) =>
        Assert.Throws<WasmValidationException>(() => Module.FromBytes(new Engine(), "m", bytes));

    private static byte[] OneFunc(byte[] ps, byte[] rs, byte[] code, params (uint, byte)[] locals)
    {
        var b = new WasmBuilder();
        b.Memory(1);
        b.Func(b.Type(ps, rs), code, locals);
        return b.Build();
    }

    [Fact]
    public void TypeMismatch_NamesTheInstructionOffset()
    {
        var bytes = OneFunc([], [I32], Concat(I64Const(1), I32Const(2), I32Add));
        var e = Invalid(bytes);
        Assert.StartsWith("type mismatch", e.Rule);
        Assert.Equal(0x6A, bytes[e.Offset]); // the i32.add
        Assert.Contains($"offset {e.Offset}", e.Message);
    }

    [Fact]
    public void MissingResult_IsTypeMismatch() => Assert.StartsWith("type mismatch", Invalid(OneFunc([], [I32], [])).Rule);

    [Fact]
    public void ExtraValueAtEnd_IsTypeMismatch() => Assert.StartsWith("type mismatch", Invalid(OneFunc([], [], I32Const(1))).Rule);

    [Fact]
    public void UnknownLocal_IsInvalid() => Assert.StartsWith("unknown local", Invalid(OneFunc([], [I32], LocalGet(3), (2, I32))).Rule);

    [Fact]
    public void UnknownLabel_IsInvalid() => Assert.Equal("unknown label", Invalid(OneFunc([], [], Br(1))).Rule);

    [Fact]
    public void OverAlignedLoad_IsInvalid() =>
        Assert.Equal("alignment must not be larger than natural", Invalid(OneFunc([], [I32], Concat(I32Const(0), [0x28, 0x03, 0x00]))).Rule);

    [Fact]
    public void ImmutableGlobalSet_IsInvalid()
    {
        var b = new WasmBuilder();
        b.Global(I32, false, I32Const(0));
        b.Func(b.Type([], []), Concat(I32Const(1), [0x24, 0x00]));
        Assert.Equal("global is immutable", Invalid(b.Build()).Rule);
    }

    [Fact]
    public void DuplicateExport_IsInvalid()
    {
        var b = new WasmBuilder();
        var f = b.Func(b.Type([], []), []);
        b.ExportFunc("a", f);
        b.ExportFunc("a", f);
        Assert.StartsWith("duplicate export name", Invalid(b.Build()).Rule);
    }

    [Fact]
    public void TwoMemories_AreInvalid()
    {
        var b = new WasmBuilder();
        b.Memory(1);
        b.Memory(1);
        Assert.Equal("multiple memories", Invalid(b.Build()).Rule);
    }

    [Fact]
    public void MemoryAbove4GiB_IsInvalid()
    {
        var b = new WasmBuilder();
        b.Memory(65537);
        Assert.Equal("memory size must be at most 65536 pages (4GiB)", Invalid(b.Build()).Rule);
    }

    [Fact]
    public void UndeclaredFunctionReference_IsInvalid()
    {
        var b = new WasmBuilder();
        b.Func(b.Type([], [FuncRef]), [0xD2, 0x00]);
        Assert.Equal("undeclared function reference", Invalid(b.Build()).Rule);
    }

    [Fact]
    public void PolymorphicStackAfterUnreachable_IsValid()
    {
        // unreachable; i32.add; (result is i32 from the polymorphic stack)
        Module.FromBytes(new Engine(), "m", OneFunc([], [I32], Concat(Unreachable, I32Add)));
    }

    [Fact]
    public void SelectOnReferences_NeedsTypedSelect()
    {
        var bytes = OneFunc([], [ExternRef], Concat([0xD0, ExternRef], [0xD0, ExternRef], I32Const(1), [0x1B]));
        Assert.StartsWith("type mismatch", Invalid(bytes).Rule);
        Module.FromBytes(new Engine(), "m", OneFunc([], [ExternRef], Concat([0xD0, ExternRef], [0xD0, ExternRef], I32Const(1), [0x1C, 0x01, ExternRef])));
    }
}
