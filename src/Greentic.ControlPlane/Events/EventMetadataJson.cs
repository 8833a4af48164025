using System.Text;
using System.Text.Json;

namespace Greentic.ControlPlane.Events;

/// <summary>Event metadata (string → string) as the JSON object the log stores.</summary>
internal static class EventMetadataJson
{
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static string Write(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count == 0) return "{}";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (k, v) in metadata) w.WriteString(k, v);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static IReadOnlyDictionary<string, string> Read(string json)
    {
        if (json is "{}" or "") return Empty;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = p.Value.GetString() ?? "";
        return result;
    }
}
