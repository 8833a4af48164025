using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Json;

namespace Greentic.Packs.Cbor;

/// <summary>Converts between JSON (System.Text.Json.Nodes) and <see cref="CborValue"/>: flows, schemas and
/// inline extension data are JSON-shaped. Byte strings become base64 text in JSON.</summary>
public static class CborJson
{
    public static JsonNode? ToJson(CborValue value) => value switch
    {
        CborNull => null,
        CborBool b => JsonValue.Create(b.Value),
        CborInteger i when i.Value >= long.MinValue && i.Value <= long.MaxValue => JsonValue.Create((long)i.Value),
        CborInteger i => JsonValue.Create((double)i.Value),
        CborFloat f => JsonValue.Create(f.Value),
        CborText t => JsonValue.Create(t.Value),
        CborBytes b => JsonValue.Create(Convert.ToBase64String(b.Value.Span)),
        CborArray a => new JsonArray(a.Items.Select(ToJson).ToArray()),
        CborMap m => ToObject(m),
        _ => throw new ArgumentException($"cannot convert {value.GetType().Name} to JSON"),
    };

    private static JsonObject ToObject(CborMap m)
    {
        var o = new JsonObject();
        foreach (var kv in m.Entries) o[kv.Key is CborText t ? t.Value : kv.Key.ToString()!] = ToJson(kv.Value);
        return o;
    }

    public static string ToJsonString(CborValue value) => GreenticJson.ToJsonString(ToJson(value));

    public static CborValue FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null: return CborValue.Null;
            case JsonObject o:
                return new CborMap(o.Select(kv => new KeyValuePair<CborValue, CborValue>(new CborText(kv.Key), FromJson(kv.Value))));
            case JsonArray a: return new CborArray(a.Select(FromJson));
            case JsonValue v:
                var el = v.GetValue<JsonElement>();
                return FromElement(el);
            default: throw new ArgumentException("unsupported JSON node");
        }
    }

    public static CborValue FromElement(JsonElement el) => el.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => CborValue.Null,
        JsonValueKind.True => CborValue.True,
        JsonValueKind.False => CborValue.False,
        JsonValueKind.String => new CborText(el.GetString()!),
        JsonValueKind.Number => el.TryGetInt64(out var l) ? new CborInteger(l) : new CborFloat(el.GetDouble()),
        JsonValueKind.Array => new CborArray(el.EnumerateArray().Select(FromElement)),
        JsonValueKind.Object => new CborMap(el.EnumerateObject().Select(p => new KeyValuePair<CborValue, CborValue>(new CborText(p.Name), FromElement(p.Value)))),
        _ => throw new ArgumentException("unsupported JSON value"),
    };

    public static CborValue Parse(string json) => FromElement(JsonDocument.Parse(json).RootElement);
}
