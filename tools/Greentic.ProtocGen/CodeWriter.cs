using System.Text;

namespace Greentic.ProtocGen;

/// <summary>Appends lines at the current indentation; Open/Close write braces and indent.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', _indent * 4);
        _sb.Append(text).Append('\n');
    }

    public void Open() { Line("{"); _indent++; }

    public void Close() { _indent--; Line("}"); }

    public override string ToString() => _sb.ToString();
}
