using System.Collections.Immutable;
using System.Text;

namespace Greentic.Packs.Cbor;

/// <summary>
/// A decoded CBOR data item: the subset pack manifests use (integers, byte and text strings, arrays,
/// maps, booleans, null, floats). Immutable. Maps keep their entries in the order given; the
/// <see cref="CanonicalCbor"/> encoder sorts them.
/// </summary>
public abstract record CborValue
{
    public static readonly CborValue Null = new CborNull();
    public static readonly CborValue True = new CborBool(true);
    public static readonly CborValue False = new CborBool(false);

    public static implicit operator CborValue(string s) => new CborText(s);
    public static implicit operator CborValue(long v) => new CborInteger(v);
    public static implicit operator CborValue(bool b) => b ? True : False;
    public static implicit operator CborValue(byte[] b) => new CborBytes(b);

    public static CborValue OrNull(string? s) => s is null ? Null : new CborText(s);
}

public sealed record CborInteger(Int128 Value) : CborValue
{
    public override string ToString() => Value.ToString();
}

public sealed record CborFloat(double Value) : CborValue
{
    public override string ToString() => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record CborText(string Value) : CborValue
{
    public override string ToString() => Value;
}

public sealed record CborBool(bool Value) : CborValue;

public sealed record CborNull : CborValue;

public sealed record CborBytes(ReadOnlyMemory<byte> Value) : CborValue
{
    public bool Equals(CborBytes? other) => other is not null && Value.Span.SequenceEqual(other.Value.Span);
    public override int GetHashCode() => Value.Length;
}

public sealed record CborArray(ImmutableArray<CborValue> Items) : CborValue
{
    public CborArray(IEnumerable<CborValue> items) : this(items.ToImmutableArray()) { }
    public static readonly CborArray Empty = new(ImmutableArray<CborValue>.Empty);
    public bool Equals(CborArray? other) => other is not null && Items.SequenceEqual(other.Items);
    public override int GetHashCode() => Items.Length;
}

public sealed record CborMap(ImmutableArray<KeyValuePair<CborValue, CborValue>> Entries) : CborValue
{
    public static readonly CborMap Empty = new(ImmutableArray<KeyValuePair<CborValue, CborValue>>.Empty);

    public CborMap(IEnumerable<KeyValuePair<CborValue, CborValue>> entries) : this(entries.ToImmutableArray()) { }

    /// <summary>Builds a map with text keys, leaving out entries whose value is C# null.</summary>
    public static CborMap Of(params (string Key, CborValue? Value)[] entries) =>
        new(entries.Where(e => e.Value is not null)
            .Select(e => new KeyValuePair<CborValue, CborValue>(new CborText(e.Key), e.Value!)));

    public CborValue? this[string key]
    {
        get
        {
            foreach (var kv in Entries)
                if (kv.Key is CborText t && t.Value == key) return kv.Value;
            return null;
        }
    }

    /// <summary>A copy with <paramref name="key"/> set to <paramref name="value"/> (added if missing).</summary>
    public CborMap With(string key, CborValue value)
    {
        var b = ImmutableArray.CreateBuilder<KeyValuePair<CborValue, CborValue>>(Entries.Length + 1);
        bool found = false;
        foreach (var kv in Entries)
        {
            if (kv.Key is CborText t && t.Value == key) { b.Add(new(kv.Key, value)); found = true; }
            else b.Add(kv);
        }
        if (!found) b.Add(new(new CborText(key), value));
        return new CborMap(b.ToImmutable());
    }

    public bool Equals(CborMap? other) => other is not null && Entries.SequenceEqual(other.Entries);
    public override int GetHashCode() => Entries.Length;
}
