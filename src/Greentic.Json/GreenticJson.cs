using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Greentic.Json;

/// <summary>
/// The one place Greentic decides how JSON text is written. System.Text.Json's default encoder is HTML-safe: it
/// writes <c>é</c> as <c>\u00E9</c>, <c>&lt;</c> as <c>\u003C</c> and <c>'</c> as <c>\u0027</c>. Nothing Greentic
/// writes is embedded in HTML (provider results, stored state, CLI output, pack indexes), so text is written as
/// UTF-8, escaping only what JSON itself requires (quotes, backslashes, control characters).
/// Consumers that put JSON into HTML must encode it for HTML themselves.
/// </summary>
public static class GreenticJson
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Compact output, for the wire and for storage.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented output, for people (the CLI).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>For a <see cref="Utf8JsonWriter"/> writing by hand.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = Encoder };

    /// <summary><paramref name="node"/> as compact JSON text; <c>null</c> for a null node.</summary>
    public static string ToJsonString(JsonNode? node) => node?.ToJsonString(Options) ?? "null";

    /// <summary><paramref name="node"/> as compact UTF-8 JSON bytes; <c>null</c> for a null node.</summary>
    public static byte[] ToUtf8Bytes(JsonNode? node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General) { Encoder = Encoder, WriteIndented = indented };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
