using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// The mapping between secret names and environment variables used by <see cref="EnvSecretsStore"/>:
/// <code>
/// secrets://{env}/{tenant}/_/{category}/{name}      → {PREFIX}__{ENV}__{TENANT}__{CATEGORY}__{NAME}
/// secrets://{env}/{tenant}/{team}/{category}/{name} → {PREFIX}__{ENV}__{TENANT}__{TEAM}__{CATEGORY}__{NAME}
///
/// secrets://dev/acme/_/messaging/telegram_bot_token → GREENTIC_SECRET__DEV__ACME__MESSAGING__TELEGRAM_BOT_TOKEN
/// secrets://prod/acme-corp/support/slack/bot.token  → GREENTIC_SECRET__PROD__ACMEx2dCORP__SUPPORT__SLACK__BOTx2eTOKEN
/// </code>
/// Each segment is encoded so that the mapping is one-to-one (two names never share a variable, so one
/// tenant can never read another's): lower-case letters become upper-case, digits stay, a single <c>_</c>
/// stays, and everything else — upper-case letters, <c>-</c>, <c>.</c>, and an <c>_</c> that is first,
/// last or next to another <c>_</c> — becomes <c>x</c> plus two lower-case hex digits (<c>-</c> → <c>x2d</c>,
/// <c>.</c> → <c>x2e</c>, <c>A</c> → <c>x41</c>, <c>_</c> → <c>x5f</c>). Lower-case letters appear only in
/// escapes and <c>__</c> only between segments, so a variable name decodes to exactly one secret name; the
/// segment count (4 or 5) tells tenant-wide from team secrets.
/// </summary>
public static class EnvSecretNames
{
    public const string DefaultPrefix = "GREENTIC_SECRET";

    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix) =>
        !string.IsNullOrEmpty(prefix) && char.IsAsciiLetterUpper(prefix[0]) && !prefix.EndsWith('_') && !prefix.Contains("__")
        && prefix.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');

    public static string ToVariable(SecretName name, string prefix = DefaultPrefix)
    {
        var sb = new StringBuilder(prefix);
        foreach (var segment in Segments(name))
        {
            sb.Append("__");
            Encode(segment, sb);
        }
        return sb.ToString();
    }

    /// <summary>Decodes a variable name back to the secret name; null when it is not one of ours.</summary>
    public static SecretName? FromVariable(string variable, string prefix = DefaultPrefix)
    {
        if (!variable.StartsWith(prefix + "__", StringComparison.Ordinal)) return null;
        var parts = variable[(prefix.Length + 2)..].Split("__");
        if (parts.Length is not (4 or 5)) return null;
        var decoded = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (Decode(parts[i]) is not { } d) return null;
            decoded[i] = d;
        }
        try
        {
            var name = parts.Length == 4
                ? new SecretName(decoded[0], decoded[1], null, decoded[2], decoded[3])
                : new SecretName(decoded[0], decoded[1], decoded[2], decoded[3], decoded[4]);
            return ToVariable(name, prefix) == variable ? name : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Segments(SecretName name)
    {
        yield return name.Env;
        yield return name.Tenant;
        if (name.Team is not null) yield return name.Team;
        yield return name.Category;
        yield return name.Name;
    }

    private static void Encode(string segment, StringBuilder sb)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (char.IsAsciiLetterLower(c)) sb.Append(char.ToUpperInvariant(c));
            else if (char.IsAsciiDigit(c)) sb.Append(c);
            else if (c == '_' && i > 0 && i < segment.Length - 1 && segment[i - 1] != '_' && segment[i + 1] != '_') sb.Append('_');
            else sb.Append('x').Append(((int)c).ToString("x2"));
        }
    }

    private static string? Decode(string encoded)
    {
        var sb = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == 'x')
            {
                if (i + 2 >= encoded.Length) return null;
                var hex = encoded.AsSpan(i + 1, 2);
                if (!hex.ToString().All(h => char.IsAsciiDigit(h) || h is >= 'a' and <= 'f')) return null;
                sb.Append((char)Convert.ToInt32(hex.ToString(), 16));
                i += 2;
            }
            else if (char.IsAsciiLetterUpper(c)) sb.Append(char.ToLowerInvariant(c));
            else if (char.IsAsciiDigit(c) || c == '_') sb.Append(c);
            else return null;
        }
        return sb.ToString();
    }
}
