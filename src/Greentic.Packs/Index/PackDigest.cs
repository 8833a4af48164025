using System.Security.Cryptography;

namespace Greentic.Packs.Index;

/// <summary><c>sha256:&lt;64 lowercase hex&gt;</c> digests of whole <c>.gtpack</c> files (and OCI blobs).</summary>
public static class PackDigest
{
    public const string Prefix = "sha256:";

    public static string Sha256(ReadOnlySpan<byte> data) => Prefix + Convert.ToHexStringLower(SHA256.HashData(data));

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 } && digest.StartsWith(Prefix, StringComparison.Ordinal) &&
        digest.AsSpan(7).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>The hex part of a valid digest.</summary>
    public static string Hex(string digest) =>
        IsValid(digest) ? digest[7..] : throw new FormatException($"'{digest}' is not a digest of the form sha256:<64 lowercase hex digits>");

    public static bool Matches(string digest, ReadOnlySpan<byte> data)
    {
        if (!IsValid(digest)) return false;
        Span<byte> h = stackalloc byte[32];
        SHA256.HashData(data, h);
        return CryptographicOperations.FixedTimeEquals(h, Convert.FromHexString(digest.AsSpan(7)));
    }
}
