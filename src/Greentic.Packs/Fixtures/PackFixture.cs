using System.Text.Json;
using System.Text.Json.Nodes;
using Greentic.Packs.Archive;

namespace Greentic.Packs.Fixtures;

/// <summary>
/// A JSON fixture shipped in a pack under <c>fixtures/</c>: upstream packs carry request → expected pairs per
/// scenario, e.g. <c>egress.request.json</c> and <c>egress.expected.summary.json</c>, <c>setup.input.json</c> and
/// <c>setup.expected.plan.json</c>, <c>requirements.expected.json</c>. <see cref="Scenario"/> is the name up to its
/// first '.', <see cref="Role"/> the rest (<c>request</c>, <c>input</c>, <c>expected.summary</c>…). The content is
/// only parsed when asked for: fixtures are test data, not something a pack is refused over.
/// </summary>
public sealed record PackFixture(string Pack, string Path, string Name, string Scenario, string Role, ReadOnlyMemory<byte> Bytes)
{
    public const string Folder = "fixtures/";

    /// <summary>True for <c>*.expected*</c> fixtures (the results a component should produce).</summary>
    public bool IsExpected => Role == "expected" || Role.StartsWith("expected.", StringComparison.Ordinal);

    /// <summary>The fixture parsed as JSON.</summary>
    /// <exception cref="PackFormatException">when the file is not valid JSON, naming the pack and the file.</exception>
    public JsonNode? Json()
    {
        try { return JsonNode.Parse(Bytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException ex) { throw new PackFormatException(Pack, $"{Path} is not valid JSON: {ex.Message}", ex); }
    }

    public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);

    /// <summary>Every <c>fixtures/**.json</c> of the archive, by path.</summary>
    internal static IReadOnlyList<PackFixture> List(PackArchive archive, string pack) =>
        archive.Entries
            .Where(e => e.Path.StartsWith(Folder, StringComparison.Ordinal) && e.Path.EndsWith(".json", StringComparison.Ordinal))
            .Select(e =>
            {
                var name = e.Path[Folder.Length..^".json".Length];
                var file = name[(name.LastIndexOf('/') + 1)..];
                int dot = file.IndexOf('.');
                return new PackFixture(pack, e.Path, name, dot < 0 ? file : file[..dot], dot < 0 ? "" : file[(dot + 1)..], e.Data);
            })
            .ToArray();
}
