using System.Security.Cryptography;
using System.Text;

namespace Greentic.Gateway.Webhooks;

/// <summary>Constant-time comparisons of presented signatures and tokens with the expected ones.</summary>
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
