using Greentic.TestSupport;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Greentic.ComponentHost.Tests.Support;

/// <summary>Reads <c>fixtures/*.json</c> from upstream's real <c>.gtpack</c> files (ZIP).</summary>
internal static class UpstreamPack
{
    public static byte[] Entry(string pack, string path)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(RepoPaths.Upstream, "packs", pack + ".gtpack"));
        var entry = zip.GetEntry(path) ?? throw new FileNotFoundException($"{path} not in {pack}.gtpack");
        using var stream = entry.Open();
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static JsonNode Fixture(string pack, string name)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(RepoPaths.Upstream, "packs", pack + ".gtpack"));
        var entry = zip.GetEntry("fixtures/" + name) ?? throw new FileNotFoundException($"fixtures/{name} not in {pack}.gtpack");
        using var stream = entry.Open();
        return JsonNode.Parse(stream)!;
    }
}
