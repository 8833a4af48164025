using System.Buffers;
using System.Collections.Immutable;
using System.Formats.Cbor;

namespace Greentic.Packs.Cbor;

/// <summary>
/// RFC 8949 §4.2.1 core deterministic encoding: shortest-form integers and lengths, definite lengths
/// only, shortest float that keeps the value, and map keys sorted by the bytewise lexicographic order of
/// their encodings (System.Formats.Cbor's Canonical modes sort RFC 7049-style, length first, which differs
/// for keys of mixed major types, so keys are sorted here). Our writer encodes every pack file this way, so
/// the same model always gives the same bytes. Reading does not require it (see <see cref="CborDecoder"/>).
/// </summary>
public static class CanonicalCbor
{
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

    /// <summary>
    /// True when <paramref name="bytes"/> decode and are exactly their canonical encoding. Upstream's
    /// <c>manifest.cbor</c> is not (serde field order); its component manifests and <c>sbom.cbor</c> are.
    /// </summary>
    public static bool IsCanonical(ReadOnlyMemory<byte> bytes)
    {
        try { return Encode(CborDecoder.Decode(bytes, "cbor")).AsSpan().SequenceEqual(bytes.Span); }
        catch (PackFormatException) { return false; }
        catch (ArgumentException) { return false; }
    }
}
