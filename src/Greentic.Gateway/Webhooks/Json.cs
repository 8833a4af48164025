using System.Globalization;
using System.Text.Json;

namespace Greentic.Gateway.Webhooks;

/// <summary>Null-tolerant reads from platform JSON: a missing member or the wrong kind is just absent.</summary>
internal static class Json
{
    /// <summary>The value at a path as a string (numbers in their JSON form), or null.</summary>
    public static string? Str(JsonElement element, params string[] path)
    {
        var e = At(element, path);
        return e?.ValueKind switch
        {
            JsonValueKind.String => e.Value.GetString(),
            JsonValueKind.Number => e.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    public static long? Long(JsonElement element, params string[] path)
    {
        var e = At(element, path);
        if (e?.ValueKind == JsonValueKind.Number && e.Value.TryGetInt64(out var n)) return n;
        if (e?.ValueKind == JsonValueKind.String && long.TryParse(e.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out n)) return n;
        return null;
    }

    public static JsonElement? At(JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current;
    }

    public static IEnumerable<JsonElement> Array(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    /// <summary>Parses a JSON object, or returns the reason it is not one (for a 400 a person can act on).</summary>
    public static JsonElement? ParseObject(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        if (body.IsEmpty)
        {
            error = "the body is empty; a JSON object was expected";
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"the body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; a JSON object was expected";
                return null;
            }
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = $"the body is not valid JSON: {ex.Message}";
            return null;
        }
    }

    public static DateTimeOffset? UnixSeconds(long? seconds) =>
        seconds is { } s && s > 0 && s < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(s) : null;
}
