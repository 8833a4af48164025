using System.Collections.Immutable;
using System.Formats.Cbor;

namespace Greentic.Packs.Cbor;

/// <summary>
/// Decodes one CBOR item from untrusted bytes. Strict where ambiguity or resources are at stake: malformed or
/// truncated input, trailing bytes, invalid UTF-8, duplicate map keys (also keys that differ only in their
/// encoding), nesting deeper than <see cref="MaxDepth"/>, lengths larger than the input, tags and simple values
/// other than true/false/null. Not strict on cosmetics: upstream's manifests are serde-ordered, not canonical, so
/// key order, integer width and indefinite lengths are accepted (<see cref="CanonicalCbor.IsCanonical"/> tells).
/// </summary>
public static class CborDecoder
{
    /// <summary>Deepest nesting of arrays and maps accepted.</summary>
    public const int MaxDepth = 64;

    /// <exception cref="PackFormatException">naming <paramref name="what"/> and the problem.</exception>
    public static CborValue Decode(ReadOnlyMemory<byte> bytes, string what)
    {
        try
        {
            var r = new CborReader(bytes, CborConformanceMode.Strict, allowMultipleRootLevelValues: true);
            var value = Read(r, 0, what);
            if (r.BytesRemaining != 0) throw new PackFormatException(what, $"malformed CBOR: {r.BytesRemaining} trailing bytes after the top-level item");
            return value;
        }
        catch (CborContentException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        catch (InvalidOperationException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        catch (FormatException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        catch (OverflowException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
    }

    private static CborValue Read(CborReader r, int depth, string what)
    {
        if (depth > MaxDepth) throw new PackFormatException(what, $"CBOR nested deeper than {MaxDepth} levels");
        switch (r.PeekState())
        {
            case CborReaderState.UnsignedInteger: return new CborInteger(r.ReadUInt64());
            case CborReaderState.NegativeInteger: return new CborInteger(-1 - (Int128)r.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.TextString:
            case CborReaderState.StartIndefiniteLengthTextString:
                return new CborText(r.ReadTextString());
            case CborReaderState.ByteString:
            case CborReaderState.StartIndefiniteLengthByteString:
                return new CborBytes(r.ReadByteString());
            case CborReaderState.Boolean: return r.ReadBoolean() ? CborValue.True : CborValue.False;
            case CborReaderState.Null: r.ReadNull(); return CborValue.Null;
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return new CborFloat(r.ReadDouble());
            case CborReaderState.StartArray:
            {
                int? n = r.ReadStartArray();
                if (n > r.BytesRemaining) throw new PackFormatException(what, "malformed CBOR: array length exceeds the input");
                var b = ImmutableArray.CreateBuilder<CborValue>(n ?? 4);
                while (n is null ? r.PeekState() != CborReaderState.EndArray : b.Count < n)
                    b.Add(Read(r, depth + 1, what));
                r.ReadEndArray();
                return new CborArray(b.ToImmutable());
            }
            case CborReaderState.StartMap:
            {
                int? n = r.ReadStartMap();
                if (n > r.BytesRemaining) throw new PackFormatException(what, "malformed CBOR: map length exceeds the input");
                var b = ImmutableArray.CreateBuilder<KeyValuePair<CborValue, CborValue>>(n ?? 4);
                var keys = new HashSet<CborValue>();
                while (n is null ? r.PeekState() != CborReaderState.EndMap : b.Count < n)
                {
                    var k = Read(r, depth + 1, what);
                    if (!keys.Add(k)) throw new PackFormatException(what, $"malformed CBOR: duplicate map key '{k}'");
                    b.Add(new(k, Read(r, depth + 1, what)));
                }
                r.ReadEndMap();
                return new CborMap(b.ToImmutable());
            }
            case CborReaderState.Tag:
                throw new PackFormatException(what, $"CBOR tag {(ulong)r.PeekTag()} is not allowed in pack metadata");
            case CborReaderState.SimpleValue:
                throw new PackFormatException(what, "CBOR simple values other than true/false/null are not allowed");
            case CborReaderState.Finished:
                throw new PackFormatException(what, "malformed CBOR: empty input");
            default:
                throw new PackFormatException(what, $"malformed CBOR: unexpected {r.PeekState()}");
        }
    }
}
