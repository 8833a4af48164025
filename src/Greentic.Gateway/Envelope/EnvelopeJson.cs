using System.Text.Json;
using System.Text.Json.Serialization;

namespace Greentic.Gateway.Envelope;

/// <summary>The JSON conventions of Greentic's wire shapes: snake_case names, nulls omitted.</summary>
public static class EnvelopeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);
}
