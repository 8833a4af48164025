using System.Collections;
using System.Text;

namespace Greentic.Rpc;

/// <summary>
/// gRPC metadata: an ordered multimap of lower-case ASCII keys. Keys ending in <c>-bin</c> carry
/// binary values (base64 on the wire); all others carry printable ASCII strings.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    public const string BinaryHeaderSuffix = "-bin";

    /// <summary>
    /// The one <c>grpc-</c> key applications may set: asks for message compression with the named
    /// encoding (request headers on the client, response headers on the server). Never sent on the wire.
    /// </summary>
    public const string CompressionRequestAlgorithmKey = "grpc-internal-encoding-request";
    public static readonly Metadata Empty = new() { _readOnly = true };

    private readonly List<Entry> _entries = new();
    private bool _readOnly;

    public void Add(string key, string value) => Add(new Entry(key, value));
    public void Add(string key, byte[] value) => Add(new Entry(key, value));

    public Entry? Get(string key)
    {
        var lower = key.ToLowerInvariant();
        for (var i = _entries.Count - 1; i >= 0; i--)
            if (_entries[i].Key == lower) return _entries[i];
        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;
    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;
    public IEnumerable<Entry> GetAll(string key)
    {
        var lower = key.ToLowerInvariant();
        return _entries.Where(e => e.Key == lower);
    }

    public Entry this[int index] { get => _entries[index]; set { CheckWritable(); _entries[index] = value; } }
    public int Count => _entries.Count;
    public bool IsReadOnly => _readOnly;
    public void Add(Entry item) { CheckWritable(); _entries.Add(item); }
    public void Clear() { CheckWritable(); _entries.Clear(); }
    public bool Contains(Entry item) => _entries.Contains(item);
    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);
    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();
    public int IndexOf(Entry item) => _entries.IndexOf(item);
    public void Insert(int index, Entry item) { CheckWritable(); _entries.Insert(index, item); }
    public bool Remove(Entry item) { CheckWritable(); return _entries.Remove(item); }
    public void RemoveAt(int index) { CheckWritable(); _entries.RemoveAt(index); }

    private void CheckWritable()
    {
        if (_readOnly) throw new InvalidOperationException("This metadata is read-only.");
    }

    /// <summary>One metadata entry. Binary entries (<c>-bin</c> keys) hold bytes; the rest hold ASCII text.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _bytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key)) throw new ArgumentException($"Key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            foreach (var c in value)
                if (c < 0x20 || c > 0x7E) throw new ArgumentException($"Metadata value for '{Key}' must be printable ASCII.", nameof(value));
            _value = value;
        }

        /// <summary>An entry read off the wire: the key is lower-cased, nothing else is checked.</summary>
        internal Entry(string key, string? value, byte[]? bytes, bool fromWire)
        {
            Key = key.ToLowerInvariant();
            _value = value;
            _bytes = bytes;
        }

        public Entry(string key, byte[] value)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key)) throw new ArgumentException($"Key '{Key}' takes a string value; binary values need a key ending in '-bin'.", nameof(key));
            _bytes = value ?? throw new ArgumentNullException(nameof(value));
        }

        public string Key { get; }
        public bool IsBinary => _bytes is not null;
        public string Value => _value ?? throw new InvalidOperationException($"Entry '{Key}' is binary; read ValueBytes.");
        public byte[] ValueBytes => _bytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary ? $"{Key}: <{_bytes!.Length} bytes>" : $"{Key}: {_value}";

        private static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            var lower = key.ToLowerInvariant();
            foreach (var c in lower)
                if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
                    throw new ArgumentException($"Metadata key '{key}' has a character outside [a-z0-9-_.].", nameof(key));
            // grpc-internal-encoding-request is not sent: it asks the channel (or the server, in response
            // headers) to compress messages with the named encoding, as in grpc-dotnet.
            if (lower.StartsWith("grpc-", StringComparison.Ordinal) && lower != CompressionRequestAlgorithmKey)
                throw new ArgumentException($"Metadata key '{key}' is reserved for gRPC itself.", nameof(key));
            return lower;
        }
    }

    public static bool IsBinaryKey(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.OrdinalIgnoreCase);
}
