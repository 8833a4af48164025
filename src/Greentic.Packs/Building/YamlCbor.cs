using System.Globalization;
using System.Text.RegularExpressions;
using Greentic.Packs.Cbor;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Greentic.Packs.Building;

/// <summary>Converts a YAML document into <see cref="CborValue"/> with YAML 1.2 core-schema typing of plain scalars
/// (null, true/false, integers, floats; everything else and every quoted scalar is a string).</summary>
public static partial class YamlCbor
{
    [GeneratedRegex(@"^[-+]?[0-9]+$")] private static partial Regex IntPattern();
    [GeneratedRegex(@"^0x[0-9a-fA-F]+$")] private static partial Regex HexPattern();
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")] private static partial Regex FloatPattern();

    public static CborValue Parse(string yaml, string what)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException ex) { throw new PackFormatException(what, $"invalid YAML at line {ex.Start.Line}: {ex.Message}", ex); }
        if (stream.Documents.Count == 0) return CborMap.Empty;
        return Convert(stream.Documents[0].RootNode, what, 0);
    }

    private static CborValue Convert(YamlNode node, string what, int depth)
    {
        if (depth > 64) throw new PackFormatException(what, "YAML nested too deeply");
        switch (node)
        {
            case YamlMappingNode m:
                var entries = new List<KeyValuePair<CborValue, CborValue>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (k, v) in m.Children)
                {
                    var key = k is YamlScalarNode ks ? ks.Value ?? "" : throw new PackFormatException(what, $"line {k.Start.Line}: map keys must be scalars");
                    if (!seen.Add(key)) throw new PackFormatException(what, $"line {k.Start.Line}: duplicate key '{key}'");
                    entries.Add(new(new CborText(key), Convert(v, what, depth + 1)));
                }
                return new CborMap(entries);
            case YamlSequenceNode s:
                return new CborArray(s.Children.Select(c => Convert(c, what, depth + 1)));
            case YamlScalarNode sc:
                var text = sc.Value ?? "";
                if (sc.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
                    return new CborText(text);
                if (text is "" or "~" or "null" or "Null" or "NULL") return CborValue.Null;
                if (text is "true" or "True" or "TRUE") return CborValue.True;
                if (text is "false" or "False" or "FALSE") return CborValue.False;
                if (IntPattern().IsMatch(text) && Int128.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
                    && i >= -1 - (Int128)ulong.MaxValue && i <= ulong.MaxValue)
                    return new CborInteger(i);
                if (HexPattern().IsMatch(text) && ulong.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h))
                    return new CborInteger(h);
                if (FloatPattern().IsMatch(text)) return new CborFloat(double.Parse(text, CultureInfo.InvariantCulture));
                return new CborText(text);
            default:
                throw new PackFormatException(what, $"line {node.Start.Line}: unsupported YAML node (aliases are not allowed)");
        }
    }
}
