using Greentic.Packs.Hashing;

namespace Greentic.Packs.Tests;

/// <summary>
/// Official BLAKE3 test vectors (BLAKE3-team/BLAKE3 test_vectors/test_vectors.json), hash mode: input is bytes
/// 0,1,...,250 repeating; the first 32 bytes of each listed output are the default hash. They prove
/// <see cref="ContentHash.Blake3Hex"/> drives the Blake3 package correctly (we use plain 256-bit hashes, no XOF),
/// across the chunk (1024) and SIMD-batch boundaries.
/// </summary>
public class Blake3Tests
{
    public static TheoryData<int, string> Vectors => new()
    {
        { 0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262" },
        { 1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213" },
        { 1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11" },
        { 1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7" },
        { 1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444" },
        { 2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a" },
        { 2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030" },
        { 3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2" },
        { 4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969" },
        { 5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff" },
        { 8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b" },
        { 16384, "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4" },
        { 31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47" },
        { 102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085" },
    };

    private static byte[] Input(int len)
    {
        var b = new byte[len];
        for (int i = 0; i < len; i++) b[i] = (byte)(i % 251);
        return b;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Hash_matches_official_vector(int len, string expected) =>
        Assert.Equal(expected, ContentHash.Blake3Hex(Input(len)));

    [Fact]
    public void Sha256_digests_are_prefixed_lowercase_and_matched_in_either_case()
    {
        var d = ContentHash.Sha256("abc"u8);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", d);
        Assert.True(ContentHash.MatchesSha256(d.ToUpperInvariant().Replace("SHA256:", "sha256:"), "abc"u8));
        Assert.False(ContentHash.MatchesSha256(d, "abd"u8));
        Assert.False(ContentHash.MatchesSha256("sha256:00", "abc"u8));
    }
}
