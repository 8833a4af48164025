using System.Buffers.Text;

namespace Greentic.ControlPlane.Auth;

/// <summary>
/// Base64url without padding (RFC 7515 §2, RFC 4648 §5): strict on decode — padding, whitespace and
/// the standard-alphabet characters <c>+ /</c> are refused, so one token has exactly one spelling.
/// </summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data) => System.Buffers.Text.Base64Url.EncodeToString(data);

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        // Non-canonical trailing bits (e.g. "AB" vs "AA" for one byte) decode to the same bytes; insist on
        // the canonical form so a signature cannot be re-spelled.
        return System.Buffers.Text.Base64Url.EncodeToString(bytes).AsSpan().SequenceEqual(text);
    }

    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes) ? bytes : throw new FormatException("not valid unpadded base64url");
}
