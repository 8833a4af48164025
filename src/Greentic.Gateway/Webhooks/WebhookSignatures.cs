using System.Security.Cryptography;
using System.Text;
using Greentic.Gateway.Webhooks.Secrets;

namespace Greentic.Gateway.Webhooks;

/// <summary>Constant-time comparisons of presented signatures and tokens with the expected ones, and the HMACs the platforms sign bodies with.</summary>
internal static class WebhookSignatures
{
    /// <summary>
    /// True when <paramref name="presentedHex"/> is the hex form of <paramref name="expected"/>. Malformed hex is
    /// simply not equal; the comparison of the decoded bytes takes the same time wherever they differ.
    /// </summary>
    public static bool HexEquals(string presentedHex, ReadOnlySpan<byte> expected)
    {
        if (presentedHex.Length != expected.Length * 2) return false;
        Span<byte> presented = stackalloc byte[expected.Length];
        if (Convert.FromHexString(presentedHex, presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != expected.Length)
            return false;
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary>
    /// True when <paramref name="presentedHex"/> is the hex HMAC (<paramref name="algorithm"/>) of <paramref name="body"/>
    /// keyed with <paramref name="secret"/>'s text (trimmed, UTF-8): how Webex and WhatsApp sign a webhook body.
    /// </summary>
    public static bool HmacHexEquals(string presentedHex, HashAlgorithmName algorithm, SecretValue secret, ReadOnlySpan<byte> body) =>
        HmacHexEquals(presentedHex, algorithm, secret, [], body);

    /// <summary>As above, over <paramref name="prefix"/> followed by <paramref name="body"/> (Slack signs <c>v0:{timestamp}:{body}</c>).</summary>
    public static bool HmacHexEquals(string presentedHex, HashAlgorithmName algorithm, SecretValue secret, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(algorithm, Encoding.UTF8.GetBytes(secret.AsString()));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        Span<byte> expected = stackalloc byte[hmac.HashLengthInBytes];
        hmac.GetHashAndReset(expected);
        return HexEquals(presentedHex, expected);
    }

    /// <summary>Token equality that leaks neither content nor length: both sides are hashed first.</summary>
    public static bool TokenEquals(string presented, ReadOnlySpan<byte> expected)
    {
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(TrimAscii(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>Secrets stored with a trailing newline (echo "…" > file) still compare equal.</summary>
    private static ReadOnlySpan<byte> TrimAscii(ReadOnlySpan<byte> value)
    {
        while (value.Length > 0 && value[^1] is (byte)'\n' or (byte)'\r' or (byte)' ') value = value[..^1];
        return value;
    }
}
