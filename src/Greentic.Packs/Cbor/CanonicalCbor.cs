using System.Buffers;
using System.Collections.Immutable;
using System.Formats.Cbor;

namespace Greentic.Packs.Cbor;

/// <summary>
/// RFC 8949 §4.2.1 core deterministic encoding: shortest-form integers and lengths, definite lengths
/// only, shortest float that keeps the value, and map keys sorted by the bytewise lexicographic order of
/// their encodings (System.Formats.Cbor's Canonical modes sort RFC 7049-style, length first, which differs
/// for keys of mixed major types, so keys are sorted here). Decoding uses <see cref="CborReader"/> in
/// strict mode and then re-encodes: any input whose bytes differ from its canonical form is refused.
/// </summary>
public static class CanonicalCbor
{
    /// <summary>Deepest nesting of arrays and maps accepted on read.</summary>
    public const int MaxDepth = 64;

    public static byte[] Encode(CborValue value)
    {
        var w = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
        Write(w, value);
        return w.Encode();
    }

    private static void Write(CborWriter w, CborValue value)
    {
        switch (value)
        {
            case CborInteger i:
                if (i.Value >= 0)
                {
                    if (i.Value > ulong.MaxValue) throw new ArgumentOutOfRangeException(nameof(value), "integer out of CBOR range");
                    w.WriteUInt64((ulong)i.Value);
                }
                else
                {
                    var n = -1 - i.Value;
                    if (n > ulong.MaxValue) throw new ArgumentOutOfRangeException(nameof(value), "integer out of CBOR range");
                    w.WriteCborNegativeIntegerRepresentation((ulong)n);
                }
                break;
            case CborText t: w.WriteTextString(t.Value); break;
            case CborBytes b: w.WriteByteString(b.Value.Span); break;
            case CborBool b: w.WriteBoolean(b.Value); break;
            case CborNull: w.WriteNull(); break;
            case CborFloat f: WriteFloat(w, f.Value); break;
            case CborArray a:
                w.WriteStartArray(a.Items.Length);
                foreach (var item in a.Items) Write(w, item);
                w.WriteEndArray();
                break;
            case CborMap m:
                var pairs = new (byte[] Key, CborValue Value)[m.Entries.Length];
                for (int k = 0; k < pairs.Length; k++) pairs[k] = (Encode(m.Entries[k].Key), m.Entries[k].Value);
                Array.Sort(pairs, (x, y) => x.Key.AsSpan().SequenceCompareTo(y.Key));
                for (int k = 1; k < pairs.Length; k++)
                    if (pairs[k].Key.AsSpan().SequenceEqual(pairs[k - 1].Key))
                        throw new ArgumentException("map has duplicate keys", nameof(value));
                w.WriteStartMap(pairs.Length);
                foreach (var (key, v) in pairs)
                {
                    w.WriteEncodedValue(key);
                    Write(w, v);
                }
                w.WriteEndMap();
                break;
            default: throw new ArgumentException($"cannot encode {value.GetType().Name}", nameof(value));
        }
    }

    private static void WriteFloat(CborWriter w, double d)
    {
        if (double.IsNaN(d)) { w.WriteHalf(Half.NaN); return; }
        var h = (Half)d;
        if ((double)h == d) { w.WriteHalf(h); return; }
        var s = (float)d;
        if ((double)s == d) { w.WriteSingle(s); return; }
        w.WriteDouble(d);
    }

    /// <summary>Decodes one canonical CBOR item; refuses malformed, trailing or non-canonical bytes.</summary>
    /// <exception cref="PackFormatException">naming <paramref name="what"/> and the problem.</exception>
    public static CborValue Decode(ReadOnlyMemory<byte> bytes, string what)
    {
        CborValue value;
        try
        {
            var r = new CborReader(bytes, CborConformanceMode.Strict, allowMultipleRootLevelValues: true);
            value = Read(r, 0, what);
            if (r.BytesRemaining != 0) throw new PackFormatException(what, $"malformed CBOR: {r.BytesRemaining} trailing bytes after the top-level item");
        }
        catch (CborContentException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        catch (InvalidOperationException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        catch (FormatException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        byte[] canonical;
        try { canonical = Encode(value); }
        catch (ArgumentException ex) { throw new PackFormatException(what, $"malformed CBOR: {ex.Message}", ex); }
        if (!canonical.AsSpan().SequenceEqual(bytes.Span))
        {
            int at = canonical.AsSpan().CommonPrefixLength(bytes.Span);
            throw new PackFormatException(what,
                $"CBOR is not in canonical form (RFC 8949 §4.2.1: shortest-form integers and lengths, sorted map keys); first difference at byte {at}");
        }
        return value;
    }

    private static CborValue Read(CborReader r, int depth, string what)
    {
        if (depth > MaxDepth) throw new PackFormatException(what, $"CBOR nested deeper than {MaxDepth} levels");
        switch (r.PeekState())
        {
            case CborReaderState.UnsignedInteger: return new CborInteger(r.ReadUInt64());
            case CborReaderState.NegativeInteger: return new CborInteger(-1 - (Int128)r.ReadCborNegativeIntegerRepresentation());
            case CborReaderState.TextString: return new CborText(r.ReadTextString());
            case CborReaderState.ByteString: return new CborBytes(r.ReadByteString());
            case CborReaderState.Boolean: return r.ReadBoolean() ? CborValue.True : CborValue.False;
            case CborReaderState.Null: r.ReadNull(); return CborValue.Null;
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                return new CborFloat(r.ReadDouble());
            case CborReaderState.StartArray:
            {
                int? n = r.ReadStartArray();
                if (n is null) throw new PackFormatException(what, "CBOR is not canonical: indefinite-length array");
                if (n > r.BytesRemaining) throw new PackFormatException(what, "malformed CBOR: array length exceeds the input");
                var b = ImmutableArray.CreateBuilder<CborValue>(n.Value);
                for (int i = 0; i < n; i++) b.Add(Read(r, depth + 1, what));
                r.ReadEndArray();
                return new CborArray(b.MoveToImmutable());
            }
            case CborReaderState.StartMap:
            {
                int? n = r.ReadStartMap();
                if (n is null) throw new PackFormatException(what, "CBOR is not canonical: indefinite-length map");
                if (n > r.BytesRemaining) throw new PackFormatException(what, "malformed CBOR: map length exceeds the input");
                var b = ImmutableArray.CreateBuilder<KeyValuePair<CborValue, CborValue>>(n.Value);
                for (int i = 0; i < n; i++)
                {
                    var k = Read(r, depth + 1, what);
                    var v = Read(r, depth + 1, what);
                    b.Add(new(k, v));
                }
                r.ReadEndMap();
                return new CborMap(b.MoveToImmutable());
            }
            case CborReaderState.StartIndefiniteLengthTextString:
            case CborReaderState.StartIndefiniteLengthByteString:
                throw new PackFormatException(what, "CBOR is not canonical: indefinite-length string");
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
