using System.Text.Json;

namespace Greentic.ControlPlane.Auth;

/// <summary>An immutable set of verification keys, parsed from <c>{"keys":[…]}</c> or a single JWK object.</summary>
public sealed class JsonWebKeySet
{
    public const int MaxKeys = 100;

    public static readonly JsonWebKeySet Empty = new([], []);

    private JsonWebKeySet(IReadOnlyList<JsonWebKey> keys, IReadOnlyList<string> skipped)
    {
        Keys = keys;
        Skipped = skipped;
    }

    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>Why keys in the document were not loaded (wrong type or use); for diagnostics.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Keys that can verify <paramref name="alg"/> under <paramref name="kid"/> (any key when kid is null).</summary>
    public IEnumerable<JsonWebKey> Find(string? kid, string alg) =>
        Keys.Where(k => k.CanVerify(alg) && (kid is null || string.Equals(k.Kid, kid, StringComparison.Ordinal)));

    public bool ContainsKid(string kid) => Keys.Any(k => string.Equals(k.Kid, kid, StringComparison.Ordinal));

    /// <exception cref="FormatException">The document is not a JWK or JWK set, or a key in it is malformed.</exception>
    public static JsonWebKeySet Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a JWKS must be a JSON object");
            }
            var keys = new List<JsonWebKey>();
            var skipped = new List<string>();
            if (root.TryGetProperty("keys", out var array))
            {
                if (array.ValueKind != JsonValueKind.Array)
                {
                    throw new FormatException("'keys' must be an array");
                }
                if (array.GetArrayLength() > MaxKeys)
                {
                    throw new FormatException($"a JWKS may hold at most {MaxKeys} keys");
                }
                foreach (var element in array.EnumerateArray())
                {
                    Add(element, keys, skipped);
                }
            }
            else
            {
                Add(root, keys, skipped);
            }
            return new JsonWebKeySet(keys, skipped);
        }
    }

    private static void Add(JsonElement element, List<JsonWebKey> keys, List<string> skipped)
    {
        var key = JsonWebKey.Parse(element, out var reason);
        if (key is null)
        {
            skipped.Add(reason!);
        }
        else
        {
            keys.Add(key);
        }
    }
}
