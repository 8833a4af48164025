using Greentic.Packs.Cbor;
using Greentic.Packs.Hashing;

namespace Greentic.Packs.Manifest;

public sealed record SbomFile(string Path, long Size, string HashBlake3, string MediaType)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("path", Path).Add("size", new CborInteger(Size)).Add("hash_blake3", HashBlake3).Add("media_type", MediaType).Build();
}

/// <summary>
/// <c>sbom.cbor</c> as upstream writes it: <c>{format: "greentic-sbom-v1", files: [{path, size, hash_blake3,
/// media_type}]}</c>, canonical CBOR, one entry per pack file except <c>sbom.cbor</c> itself (so
/// <c>manifest.cbor</c> is listed), sorted by path; <c>hash_blake3</c> is hex.
/// <para>
/// The SBOM is not signed, and cannot be bound by the manifest's digest, since it lists the manifest. Our writer
/// therefore puts <see cref="PayloadDigest"/> in the manifest as extension <see cref="BindingKey"/>: BLAKE3 over the
/// canonical SBOM with the <c>manifest.cbor</c> entry left out. A signed manifest then covers every other file.
/// </para>
/// </summary>
public sealed record Sbom(IReadOnlyList<SbomFile> Files)
{
    public const string FileName = "sbom.cbor";
    public const string Format = "greentic-sbom-v1";
    public const string BindingKey = "greentic.sbom.v1";

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("format", Format).Add("files", new CborArray(Files.Select(f => (CborValue)f.ToCbor()))).Build();

    public byte[] Encode() => CanonicalCbor.Encode(ToCbor());

    /// <summary><c>blake3:&lt;hex&gt;</c> over the canonical SBOM without its <c>manifest.cbor</c> entry (the files the manifest can commit to).</summary>
    public string PayloadDigest() =>
        ContentHash.Blake3Prefix + ContentHash.Blake3Hex(new Sbom(Files.Where(f => f.Path != PackManifest.FileName).ToArray()).Encode());

    public ExtensionEntry Binding() => new("sbom", "1.0.0", Digest: PayloadDigest(), Location: FileName);

    public static SbomFile Entry(string path, ReadOnlySpan<byte> data) => new(path, data.Length, ContentHash.Blake3Hex(data), MediaTypeFor(path));

    public static Sbom Decode(ReadOnlyMemory<byte> bytes, string pack)
    {
        var what = $"{pack} ({FileName})";
        var f = new CborFields(CborDecoder.Decode(bytes, what), what, "");
        var format = f.Text("format");
        if (format != Format) throw f.Error("format", $"is '{format}', expected '{Format}'");
        return new Sbom(f.List("files", (v, p) =>
        {
            var ff = new CborFields(v, what, p);
            var size = ff.OptInt("size") ?? throw ff.Error("size", "is required");
            if (size < 0) throw ff.Error("size", "must not be negative");
            var hash = ff.Text("hash_blake3");
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)) throw ff.Error("hash_blake3", "must be 64 hex digits");
            return new SbomFile(ff.Text("path"), size, hash.ToLowerInvariant(), ff.OptText("media_type") ?? "application/octet-stream");
        }));
    }

    /// <summary>Media types as upstream's builder assigns them.</summary>
    public static string MediaTypeFor(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".wasm" => "application/wasm",
        ".cbor" => "application/cbor",
        _ => "application/octet-stream",
    };
}
