using static Greentic.Wasm.Tests.WasmBuilder;

namespace Greentic.Wasm.Tests;

public class DecoderTests
{
    private static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00];

    private static WasmMalformedException Malformed(byte[] bytes) =>
        Assert.Throws<WasmMalformedException>(() => Module.FromBytes(new Engine(), "m", bytes));

    [Fact]
    public void EmptyModule_Decodes()
    {
        var m = Module.FromBytes(new Engine(), "empty", Header);
        Assert.Empty(m.Imports);
        Assert.Empty(m.Exports);
    }

    [Fact]
    public void BadMagic_IsMalformedAtOffsetZero()
    {
        var e = Malformed([0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00]);
        Assert.Equal(0, e.Offset);
        Assert.Equal("magic header not detected", e.Rule);
    }

    [Fact]
    public void BadVersion_IsMalformed()
    {
        var e = Malformed([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]);
        Assert.Equal(4, e.Offset);
        Assert.Equal("unknown binary version", e.Rule);
    }

    [Fact]
    public void OverlongLeb_IsMalformed()
    {
        // Type section whose count uses 6 bytes.
        var e = Malformed([.. Header, 0x01, 0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00]);
        Assert.Equal("integer representation too long", e.Rule);
        Assert.Equal(10, e.Offset);
    }

    [Fact]
    public void LebWithUnusedBitsSet_IsMalformed()
    {
        var e = Malformed([.. Header, 0x01, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
        Assert.Equal("integer too large", e.Rule);
    }

    [Fact]
    public void SectionsOutOfOrder_AreMalformed()
    {
        // Function section (3) before type section (1).
        var e = Malformed([.. Header, 0x03, 0x01, 0x00, 0x01, 0x01, 0x00]);
        Assert.Equal("unexpected content after last section", e.Rule);
        Assert.Equal(11, e.Offset);
    }

    [Fact]
    public void UnknownSectionId_IsMalformed() =>
        Assert.Equal("malformed section id", Malformed([.. Header, 0x0D, 0x00]).Rule);

    [Fact]
    public void SectionSizeMismatch_IsMalformed()
    {
        // Type section claims 2 bytes but its single (empty) vector uses 1.
        Assert.Equal("section size mismatch", Malformed([.. Header, 0x01, 0x02, 0x00, 0x00]).Rule);
    }

    [Fact]
    public void InvalidUtf8Name_IsMalformed()
    {
        // Custom section named "\xFF".
        Assert.Equal("malformed UTF-8 encoding", Malformed([.. Header, 0x00, 0x02, 0x01, 0xFF]).Rule);
    }

    [Fact]
    public void IllegalOpcode_NamesItsOffset()
    {
        var b = new WasmBuilder();
        b.Func(b.Type([], []), [0xFF]);
        var bytes = b.Build();
        var e = Malformed(bytes);
        Assert.StartsWith("illegal opcode", e.Rule);
        Assert.Equal(0xFF, bytes[e.Offset]);
        Assert.Contains($"offset {e.Offset}", e.Message);
    }

    [Fact]
    public void FunctionAndCodeCountMismatch_IsMalformed()
    {
        // Type section [] -> [], function section with 2 entries, no code section.
        var e = Malformed([.. Header, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x03, 0x02, 0x00, 0x00]);
        Assert.Equal("function and code section have inconsistent lengths", e.Rule);
    }

    [Fact]
    public void TruncatedModule_IsMalformed()
    {
        var b = new WasmBuilder();
        b.ExportFunc("f", b.Func(b.Type([], [I32]), I32Const(1)));
        var bytes = b.Build();
        int malformed = 0;
        for (int cut = 9; cut < bytes.Length; cut++)
        {
            // A cut at a section boundary can leave a valid (shorter) module; any other cut is malformed.
            try
            {
                Module.FromBytes(new Engine(), "m", bytes.AsSpan(0, cut));
            }
            catch (WasmMalformedException)
            {
                malformed++;
            }
        }
        Assert.True(malformed >= bytes.Length - 9 - 3, $"{malformed} of {bytes.Length - 9} truncations rejected");
    }

    [Fact]
    public void RandomBytes_NeverEscapeAsOtherExceptions()
    {
        var rng = new Random(1234);
        var b = new WasmBuilder();
        b.Memory(1);
        b.ExportFunc("f", b.Func(b.Type([I32], [I32]), Concat(LocalGet(0), I32Const(3), I32Add)));
        var good = b.Build();
        for (int i = 0; i < 2000; i++)
        {
            var bytes = (byte[])good.Clone();
            int flips = 1 + rng.Next(3);
            for (int k = 0; k < flips; k++) bytes[8 + rng.Next(bytes.Length - 8)] = (byte)rng.Next(256);
            try
            {
                Module.FromBytes(new Engine(), "fuzz", bytes);
            }
            catch (WasmException)
            {
            }
        }
    }
}
