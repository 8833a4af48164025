namespace Greentic.Wasm.Component;

/// <summary>Splits WIT text into tokens: identifiers (kebab-case, optionally %-escaped), versions (after '@'),
/// punctuation and '->'. Comments are skipped.</summary>
internal sealed class WitLexer
{
    private readonly string text;
    private int pos;

    public WitLexer(string text) => this.text = text;

    public readonly record struct Token(string Text, int Line, bool IsIdentifier);

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        int line = 1;
        while (true)
        {
            while (pos < text.Length)
            {
                char c = text[pos];
                if (c == '\n') { line++; pos++; }
                else if (char.IsWhiteSpace(c)) pos++;
                else if (c == '/' && Peek(1) == '/') { while (pos < text.Length && text[pos] != '\n') pos++; }
                else if (c == '/' && Peek(1) == '*')
                {
                    int end = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                    if (end < 0) throw new WitParseException(line, "unterminated block comment");
                    line += text.AsSpan(pos, end - pos).Count('\n');
                    pos = end + 2;
                }
                else break;
            }
            if (pos >= text.Length) return tokens;
            char ch = text[pos];
            if (char.IsAsciiLetter(ch) || ch == '%')
            {
                int start = pos;
                if (ch == '%') { pos++; start = pos; }
                while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] == '-')) pos++;
                tokens.Add(new Token(text[start..pos], line, true));
            }
            else if (ch == '@')
            {
                pos++;
                tokens.Add(new Token("@", line, false));
                int start = pos;
                while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '.' or '-' or '+')) pos++;
                if (pos > start && text[pos - 1] == '.') pos--; // "@0.1.0.{a}": the last '.' starts a use list
                if (pos == start) throw new WitParseException(line, "expected a version after '@'");
                tokens.Add(new Token(text[start..pos], line, true));
            }
            else if (ch == '-' && Peek(1) == '>')
            {
                tokens.Add(new Token("->", line, false));
                pos += 2;
            }
            else if ("{}()<>,;:=./*_".Contains(ch))
            {
                tokens.Add(new Token(ch.ToString(), line, false));
                pos++;
            }
            else throw new WitParseException(line, $"unexpected character '{ch}'");
        }
    }

    private char Peek(int ahead) => pos + ahead < text.Length ? text[pos + ahead] : '\0';
}

/// <summary>WIT text that this parser cannot read, with the line it stopped at.</summary>
public sealed class WitParseException(int line, string message) : Exception($"WIT line {line}: {message}")
{
    public int Line { get; } = line;
}
