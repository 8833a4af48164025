using Greentic.Packs.Cbor;

namespace Greentic.Packs.Tests;

public class CanonicalCborTests
{
    private static string Hex(CborValue v) => Convert.ToHexStringLower(CanonicalCbor.Encode(v));

    [Fact]
    public void Integers_use_the_shortest_form()
    {
        Assert.Equal("17", Hex(23L));
        Assert.Equal("1818", Hex(24L));
        Assert.Equal("190100", Hex(256L));
        Assert.Equal("1a00010000", Hex(65536L));
        Assert.Equal("20", Hex(-1L));
        Assert.Equal("3818", Hex(-25L));
        Assert.Equal("1bffffffffffffffff", Hex(new CborInteger(ulong.MaxValue)));
        Assert.Equal("3bffffffffffffffff", Hex(new CborInteger(-1 - (Int128)ulong.MaxValue)));
    }

    [Fact]
    public void Floats_use_the_shortest_exact_form()
    {
        Assert.Equal("f93e00", Hex(new CborFloat(1.5)));
        Assert.Equal("fa47c35000", Hex(new CborFloat(100000.0)));
        Assert.Equal("fb3ff199999999999a", Hex(new CborFloat(1.1)));
        Assert.Equal("f97e00", Hex(new CborFloat(double.NaN)));
    }

    [Fact]
    public void Map_keys_sort_bytewise_by_encoding_not_length_first()
    {
        var m = new CborMap([
            new(new CborText("b"), 1L), new(new CborText("a"), 2L), new(new CborText("aa"), 3L),
        ]);
        Assert.Equal("a3616102616201626161" + "03", Hex(m));
        // RFC 8949 §4.2.1: 100 encodes as 0x18 0x64, "" as 0x60, so 100 sorts first (RFC 7049 length-first would not).
        var mixed = new CborMap([new(new CborText(""), 1L), new(new CborInteger(100), 2L)]);
        Assert.Equal("a2186402" + "6001", Hex(mixed));
        Assert.Equal(mixed.Entries.Reverse(), ((CborMap)CborDecoder.Decode(CanonicalCbor.Encode(mixed), "x")).Entries);
    }

    [Theory]
    [InlineData("bf616101ff", "a1616101")]              // indefinite map
    [InlineData("9f01ff", "8101")]                      // indefinite array
    [InlineData("7f6161ff", "6161")]                    // indefinite text
    [InlineData("1805", "05")]                          // 5 in two bytes
    [InlineData("a2616201616102", "a2616102616201")]    // keys out of order (serde writes struct order)
    [InlineData("fb3ff8000000000000", "f93e00")]        // 1.5 as a double
    public void Cosmetic_non_canonical_forms_decode_and_are_reported(string hex, string canonical)
    {
        var bytes = Convert.FromHexString(hex);
        var value = CborDecoder.Decode(bytes, "m.cbor");
        Assert.False(CanonicalCbor.IsCanonical(bytes));
        Assert.Equal(canonical, Convert.ToHexStringLower(CanonicalCbor.Encode(value)));
        Assert.True(CanonicalCbor.IsCanonical(Convert.FromHexString(canonical)));
    }

    [Theory]
    [InlineData("a2616101616102", "duplicate")]  // duplicate keys
    [InlineData("a2780161016161" + "02", "duplicate")] // the same key, once with a non-shortest length
    [InlineData("0102", "trailing")]             // two top-level items
    [InlineData("a16161", "malformed")]          // truncated
    [InlineData("62ff61", "malformed")]          // invalid UTF-8
    [InlineData("c074", "tag")]                  // tag 0
    [InlineData("f7", "simple")]                 // undefined
    [InlineData("9f01", "malformed")]            // unterminated indefinite array
    [InlineData("", "malformed")]
    [InlineData("ff", "malformed")]
    public void Decoding_refuses_malformed_and_ambiguous_input(string hex, string problem)
    {
        var ex = Assert.ThrowsAny<PackFormatException>(() => CborDecoder.Decode(Convert.FromHexString(hex), "m.cbor"));
        Assert.StartsWith("m.cbor: ", ex.Message);
        Assert.Contains(problem, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_stack_overflow()
    {
        var deep = Enumerable.Repeat((byte)0x81, 100_000).Append((byte)0x00).ToArray();
        var ex = Assert.ThrowsAny<PackFormatException>(() => CborDecoder.Decode(deep, "d"));
        Assert.Contains("deeper", ex.Message);
    }

    [Fact]
    public void Huge_declared_lengths_are_refused_without_allocating()
    {
        Assert.ThrowsAny<PackFormatException>(() => CborDecoder.Decode(Convert.FromHexString("9b7fffffffffffffff"), "x"));
        Assert.ThrowsAny<PackFormatException>(() => CborDecoder.Decode(Convert.FromHexString("5a7fffffff00"), "x"));
    }

    [Fact]
    public void Round_trips_through_json()
    {
        var v = CborJson.Parse("""{"b":[1,2.5,"x",null,true],"a":{"n":-3}}""");
        var back = CborDecoder.Decode(CanonicalCbor.Encode(v), "x");
        Assert.Equal("""{"a":{"n":-3},"b":[1,2.5,"x",null,true]}""", CborJson.ToJsonString(back));
    }
}
