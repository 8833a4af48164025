using Greentic.Packs.Index;
using Greentic.Packs.Signing;

namespace Greentic.TestSupport;

/// <summary>A pack built by the library's builder from a pack.yaml source folder and signed, with its index entry.</summary>
public sealed record BuiltPack(string PackId, string Version, byte[] Bytes, IReadOnlyDictionary<string, byte[]> Wasm)
{
    public string Digest { get; } = PackDigest.Sha256(Bytes);

    public string FileName => $"packs/{PackId}-{Version}.gtpack";

    /// <summary>The index entry for this pack served at <see cref="FileName"/> (relative to the index URL), signed with <paramref name="key"/>.</summary>
    public PackIndexEntry Entry(Ed25519PrivateKey key) => new PackIndexEntry(PackId, Version, Digest, FileName).SignedWith(key);
}
