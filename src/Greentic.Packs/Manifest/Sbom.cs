using Greentic.Packs.Cbor;
using Greentic.Packs.Hashing;

namespace Greentic.Packs.Manifest;

public sealed record SbomFile(string Path, long Size, string HashBlake3, string MediaType)
{
    public CborMap ToCbor() => new CborMapBuilder()
        .Add("path", Path).Add("size", new CborInteger(Size)).Add("hash_blake3", HashBlake3).Add("media_type", MediaType).Build();
}

/// <summary>
/// <c>sbom.cbor</c>: <c>{format: "greentic-sbom-v1", files: [{path, size, hash_blake3, media_type}]}</c>, one entry
/// per pack file other than <c>manifest.cbor</c> and <c>sbom.cbor</c>, sorted by path; <c>hash_blake3</c> is
/// lowercase hex. The manifest binds the SBOM through the extension <see cref="BindingKey"/>, whose
/// <c>digest</c> is <c>blake3:&lt;hex of sbom.cbor&gt;</c>, so a signed manifest covers every file.
/// </summary>
public sealed record Sbom(IReadOnlyList<SbomFile> Files)
{
    public const string FileName = "sbom.cbor";
    public const string Format = "greentic-sbom-v1";
    public const string BindingKey = "greentic.sbom.v1";

    public CborMap ToCbor() => new CborMapBuilder()
        .Add("format", Format).Add("files", new CborArray(Files.Select(f => (CborValue)f.ToCbor()))).Build();

    public byte[] Encode() => CanonicalCbor.Encode(ToCbor());

    public static ExtensionEntry Binding(ReadOnlySpan<byte> sbomBytes) =>
        new("sbom", "1.0.0", Digest: "blake3:" + Blake3.HashHex(sbomBytes), Location: FileName);

    public static Sbom Decode(ReadOnlyMemory<byte> bytes, string pack)
    {
        var what = $"{pack} ({FileName})";
        var f = new CborFields(CanonicalCbor.Decode(bytes, what), what, "");
        var format = f.Text("format");
        if (format != Format) throw f.Error("format", $"is '{format}', expected '{Format}'");
        return new Sbom(f.List("files", (v, p) =>
        {
            var ff = new CborFields(v, what, p);
            var size = ff.OptInt("size") ?? throw ff.Error("size", "is required");
            var hash = ff.Text("hash_blake3");
            if (hash.Length != 64 || !hash.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
                throw ff.Error("hash_blake3", "must be 64 lowercase hex digits");
            return new SbomFile(ff.Text("path"), size, hash, ff.OptText("media_type") ?? "application/octet-stream");
        }));
    }

    public static string MediaTypeFor(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".wasm" => "application/wasm",
        ".cbor" => "application/cbor",
        ".json" => "application/json",
        ".yaml" or ".yml" or ".ygtc" => "application/yaml",
        ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".html" or ".htm" => "text/html",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".jpg" or ".jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    };
}
