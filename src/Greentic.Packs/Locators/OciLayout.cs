using System.Text.Json;
using Greentic.Packs.Index;

namespace Greentic.Packs.Locators;

/// <summary>
/// Reads a pack out of an OCI image-layout directory: checks <c>oci-layout</c>, picks a manifest from
/// <c>index.json</c> (by the <c>org.opencontainers.image.ref.name</c> annotation when a tag is given, else the only one
/// or the one tagged <c>latest</c>), follows nested indexes, and returns the layer whose media type names a gtpack
/// (<see cref="GtpackMediaType"/>, or any media type containing "gtpack"). Every blob read is checked against its
/// descriptor's digest and size.
/// </summary>
public static class OciLayout
{
    public const string GtpackMediaType = "application/vnd.greentic.gtpack.v1+zip";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    private const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    private const long MaxJson = 4 * 1024 * 1024;

    public static async Task<byte[]> ReadPackAsync(string dir, string? tag, long maxBytes, CancellationToken ct)
    {
        var label = PackLocator.OciLayoutScheme + dir + (tag is null ? "" : ":" + tag);
        PackFormatException Fail(string p) => new(label, p);
        var layoutFile = Path.Combine(dir, "oci-layout");
        if (!File.Exists(layoutFile)) throw Fail("not an OCI image layout (no oci-layout file)");
        using (var layout = Json(await File.ReadAllBytesAsync(layoutFile, ct), "oci-layout", Fail))
        {
            if (!layout.RootElement.TryGetProperty("imageLayoutVersion", out var v) || v.GetString() is not { } ver || !ver.StartsWith("1."))
                throw Fail("oci-layout has no supported imageLayoutVersion (1.x)");
        }
        var indexPath = Path.Combine(dir, "index.json");
        if (!File.Exists(indexPath)) throw Fail("no index.json");
        var desc = Select(await File.ReadAllBytesAsync(indexPath, ct), tag, "index.json", Fail);
        for (int depth = 0; depth < 4; depth++)
        {
            if (IsGtpack(desc.MediaType)) return await BlobAsync(dir, desc, maxBytes, Fail, ct);
            var blob = await BlobAsync(dir, desc, MaxJson, Fail, ct);
            if (desc.MediaType == ImageIndex) { desc = Select(blob, null, desc.Digest, Fail); continue; }
            using var manifest = Json(blob, desc.Digest, Fail);
            if (!manifest.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
                throw Fail($"manifest {desc.Digest} ({desc.MediaType}) has no layers");
            var packs = layers.EnumerateArray().Select(l => Descriptor(l, Fail)).Where(l => IsGtpack(l.MediaType)).ToList();
            if (packs.Count == 0) throw Fail($"manifest {desc.Digest} has no layer with a gtpack media type ({GtpackMediaType})");
            if (packs.Count > 1) throw Fail($"manifest {desc.Digest} has {packs.Count} gtpack layers; expected one");
            return await BlobAsync(dir, packs[0], maxBytes, Fail, ct);
        }
        throw Fail("image indexes nested too deeply");
    }

    private static bool IsGtpack(string mediaType) => mediaType.Contains("gtpack", StringComparison.OrdinalIgnoreCase);

    private sealed record Desc(string MediaType, string Digest, long Size, string? RefName);

    private static JsonDocument Json(byte[] bytes, string what, Func<string, PackFormatException> fail)
    {
        try { return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 }); }
        catch (JsonException ex) { throw fail($"{what} is not valid JSON: {ex.Message}"); }
    }

    private static Desc Descriptor(JsonElement e, Func<string, PackFormatException> fail)
    {
        if (e.ValueKind != JsonValueKind.Object) throw fail("descriptor is not an object");
        string? S(string k) => e.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var digest = S("digest") ?? throw fail("descriptor has no digest");
        if (!PackDigest.IsValid(digest)) throw fail($"descriptor digest '{digest}' is not sha256:<hex> (other algorithms are not supported)");
        long size = e.TryGetProperty("size", out var sz) && sz.TryGetInt64(out var s) && s >= 0 ? s : throw fail($"descriptor {digest} has no valid size");
        string? refName = e.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object &&
                          a.TryGetProperty(RefNameAnnotation, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return new Desc(S("mediaType") ?? "", digest, size, refName);
    }

    private static Desc Select(byte[] indexJson, string? tag, string what, Func<string, PackFormatException> fail)
    {
        using var doc = Json(indexJson, what, fail);
        if (!doc.RootElement.TryGetProperty("manifests", out var m) || m.ValueKind != JsonValueKind.Array)
            throw fail($"{what} has no manifests array");
        var all = m.EnumerateArray().Select(x => Descriptor(x, fail)).ToList();
        if (tag is not null)
            return all.FirstOrDefault(d => d.RefName == tag) ?? throw fail($"no manifest tagged '{tag}' in {what} (tags: {Tags(all)})");
        if (all.Count == 1) return all[0];
        return all.FirstOrDefault(d => d.RefName == "latest")
            ?? throw fail(all.Count == 0 ? $"{what} lists no manifests" : $"{what} lists {all.Count} manifests; name one with oci-layout:DIR:TAG (tags: {Tags(all)})");
    }

    private static string Tags(List<Desc> all) => string.Join(", ", all.Select(d => d.RefName ?? "(untagged)"));

    private static async Task<byte[]> BlobAsync(string dir, Desc d, long max, Func<string, PackFormatException> fail, CancellationToken ct)
    {
        if (d.Size > max) throw fail($"blob {d.Digest} is {d.Size} bytes, over the {max}-byte limit");
        var path = Path.Combine(dir, "blobs", "sha256", PackDigest.Hex(d.Digest));
        if (!File.Exists(path)) throw fail($"blob {d.Digest} is missing from blobs/sha256/");
        var info = new FileInfo(path);
        if (info.LinkTarget is not null) throw fail($"blob {d.Digest} is a symbolic link");
        if (info.Length != d.Size) throw fail($"blob {d.Digest} is {info.Length} bytes; its descriptor says {d.Size}");
        var bytes = await File.ReadAllBytesAsync(path, ct);
        if (!PackDigest.Matches(d.Digest, bytes)) throw fail($"blob {d.Digest} does not match its digest (corrupted)");
        return bytes;
    }

    /// <summary>Writes a minimal OCI layout holding one gtpack artifact (used by tests and tooling).</summary>
    public static void Write(string dir, byte[] gtpack, string tag)
    {
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(dir, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        string Put(byte[] b)
        {
            var digest = PackDigest.Sha256(b);
            File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", PackDigest.Hex(digest)), b);
            return digest;
        }
        var config = "{}"u8.ToArray();
        var configDigest = Put(config);
        var layerDigest = Put(gtpack);
        var manifest = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            mediaType = ImageManifest,
            artifactType = GtpackMediaType,
            config = new { mediaType = "application/vnd.oci.empty.v1+json", digest = configDigest, size = config.Length },
            layers = new[] { new { mediaType = GtpackMediaType, digest = layerDigest, size = gtpack.Length } },
        }));
        var manifestDigest = Put(manifest);
        var indexPath = Path.Combine(dir, "index.json");
        var entries = new List<object>();
        if (File.Exists(indexPath))
        {
            using var old = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            foreach (var m in old.RootElement.GetProperty("manifests").EnumerateArray())
                if (!(m.TryGetProperty("annotations", out var a) && a.TryGetProperty(RefNameAnnotation, out var r) && r.GetString() == tag))
                    entries.Add(JsonSerializer.Deserialize<JsonElement>(m.GetRawText()));
        }
        entries.Add(new { mediaType = ImageManifest, digest = manifestDigest, size = manifest.Length, annotations = new Dictionary<string, string> { [RefNameAnnotation] = tag } });
        File.WriteAllText(indexPath, JsonSerializer.Serialize(new { schemaVersion = 2, mediaType = ImageIndex, manifests = entries }));
    }
}
