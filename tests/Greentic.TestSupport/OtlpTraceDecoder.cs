using Google.Protobuf;

namespace Greentic.TestSupport;

/// <summary>One span of an OTLP export: ids in hex, string/int/bool attributes as text, the status message.</summary>
public sealed record ExportedSpan(string Name, string TraceId, string SpanId, string ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes, string StatusMessage);

/// <summary>
/// Just enough of <c>opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest</c>, read field by field:
/// resource_spans(1) → scope_spans(2) → spans(2) → Span {trace_id 1, span_id 2, parent_span_id 4, name 5,
/// attributes 9 (KeyValue {key 1, value 2: AnyValue {string 1, bool 2, int 3, double 4}}), status 15 {message 2}}.
/// </summary>
public static class OtlpTraceDecoder
{
    public static IEnumerable<ExportedSpan> Decode(byte[] body)
    {
        foreach (var resourceSpans in Fields(body, 1))
            foreach (var scopeSpans in Fields(resourceSpans, 2))
                foreach (var span in Fields(scopeSpans, 2))
                    yield return Span(span);
    }

    private static ExportedSpan Span(byte[] span)
    {
        string name = "", traceId = "", spanId = "", parent = "", status = "";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var input = new CodedInputStream(span);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 4: parent = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 5: name = input.ReadString(); break;
                case 9:
                    var (key, value) = KeyValue(input.ReadBytes().ToByteArray());
                    attributes[key] = value;
                    break;
                case 15:
                    foreach (var message in Fields(input.ReadBytes().ToByteArray(), 2)) status = System.Text.Encoding.UTF8.GetString(message);
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new ExportedSpan(name, traceId, spanId, parent, attributes, status);
    }

    private static (string Key, string Value) KeyValue(byte[] keyValue)
    {
        string key = "", value = "";
        var input = new CodedInputStream(keyValue);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1) key = input.ReadString();
            else if (WireFormat.GetTagFieldNumber(tag) == 2) value = AnyValue(input.ReadBytes().ToByteArray());
            else input.SkipLastField();
        }
        return (key, value);
    }

    private static string AnyValue(byte[] anyValue)
    {
        var input = new CodedInputStream(anyValue);
        var tag = input.ReadTag();
        return WireFormat.GetTagFieldNumber(tag) switch
        {
            1 => input.ReadString(),
            2 => input.ReadBool() ? "true" : "false",
            3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            4 => input.ReadDouble().ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "",
        };
    }

    /// <summary>The payloads of every length-delimited field numbered <paramref name="field"/>.</summary>
    private static List<byte[]> Fields(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }
}
