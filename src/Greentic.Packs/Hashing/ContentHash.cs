using System.Security.Cryptography;

namespace Greentic.Packs.Hashing;

/// <summary>
/// The two content hashes packs use: BLAKE3 (lowercase hex, in <c>sbom.cbor</c>; the <c>Blake3</c> package) and
/// SHA-256 (<c>sha256:&lt;hex&gt;</c>, for component manifest content hashes, the lock file and wasm digests).
/// </summary>
public static class ContentHash
{
    public const string Sha256Prefix = "sha256:";
    public const string Blake3Prefix = "blake3:";

    /// <summary>BLAKE3-256 of <paramref name="data"/> as 64 lowercase hex digits.</summary>
    public static string Blake3Hex(ReadOnlySpan<byte> data) => Blake3.Hasher.Hash(data).ToString();

    /// <summary><c>sha256:</c> + 64 lowercase hex digits.</summary>
    public static string Sha256(ReadOnlySpan<byte> data) => Sha256Prefix + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>True when <paramref name="expected"/> is <c>sha256:&lt;hex&gt;</c> (either letter case) of <paramref name="data"/>.</summary>
    public static bool MatchesSha256(string expected, ReadOnlySpan<byte> data) =>
        expected.Length == 71 && expected.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(expected[7..], Convert.ToHexStringLower(SHA256.HashData(data)), StringComparison.OrdinalIgnoreCase);
}
