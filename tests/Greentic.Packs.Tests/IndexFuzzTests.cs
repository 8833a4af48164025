using System.Text;
using Greentic.Packs.Index;
using Greentic.TestSupport;
using Xunit.Abstractions;

namespace Greentic.Packs.Tests;

/// <summary>
/// Thousands of truncated and mutated pack indexes (PACK_INDEX_URL / PACK_SOURCE content): each parses or is refused with
/// a <see cref="PackFormatException"/> naming the index — never any other exception.
/// </summary>
public sealed class IndexFuzzTests(ITestOutputHelper output)
{
    private const string Sample = """
        {
          "demo": {
            "main_pack": { "name": "greentic.demo", "version": "1.0.0", "locator": "packs/demo.gtpack" },
            "overlays": [
              { "name": "greentic.demo.overlay", "digest": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "locator": "https://packs.example.com/o1.gtpack", "signature": "c2lnbmF0dXJl" }
            ]
          },
          "acme": {
            "main_pack": { "name": "acme.main", "digest": "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
                           "locator": "oci://registry.example.com/acme/main:1.2.3" },
            "overlays": null
          }
        }
        """;

    [Fact]
    public void Every_broken_index_parses_or_is_refused_naming_the_index()
    {
        Assert.Equal(2, PackIndex.Parse(Encoding.UTF8.GetBytes(Sample), "index.json").Tenants.Count);
        int cases = 0, loaded = 0, refused = 0;
        foreach (var (name, text) in ConfigFuzzer.Cases(Sample, mutations: 4000))
        {
            cases++;
            try
            {
                PackIndex.Parse(Encoding.UTF8.GetBytes(text), "index.json");
                loaded++;
            }
            catch (PackFormatException e)
            {
                refused++;
                Assert.True(e.Message.StartsWith("index.json: ", StringComparison.Ordinal), $"{name}: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}: {e.GetType().Name}: {e.Message}\n--- input ---\n{text}");
            }
        }
        output.WriteLine(FuzzReport.Record("pack index", cases, loaded, refused));
    }

    [Fact]
    public void A_json_syntax_error_names_the_line()
    {
        var e = Assert.Throws<PackFormatException>(() => PackIndex.Parse(Encoding.UTF8.GetBytes("{\n  \"demo\": {\n    \"main_pack\": ,\n"), "index.json"));

        Assert.Contains("at line 3", e.Message);
    }
}
