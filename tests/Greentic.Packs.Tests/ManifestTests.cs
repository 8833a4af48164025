using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Tests;

public class ManifestTests
{
    [Fact]
    public void Manifest_round_trips_through_canonical_cbor()
    {
        var m = TestPacks.Manifest() with
        {
            Dependencies = [new PackDependency("base", "greentic.base", "^1.2", ["state"])],
            Extensions = new Dictionary<string, ExtensionEntry> { ["x.custom"] = new("custom", "1", "sha256:00", "x.bin", CborMap.Of(("k", 1L))) },
        };
        var bytes = m.Encode();
        var back = PackManifest.Decode(bytes, "m");
        Assert.Equal(bytes, back.Encode());
        Assert.Equal("greentic.demo", back.PackId);
        Assert.Equal(PackKind.Application, back.Kind);
        Assert.Equal("greentic.base", back.Dependencies[0].PackId);
        Assert.True(back.Components[0].Grants("state"));
        Assert.False(back.Components[0].Grants("http"));
        Assert.Equal("text", back.SecretRequirements[0].Format);
        Assert.Contains("\"emit.text\":\"hello\"", back.Flows[0].FlowJson);
    }

    [Fact]
    public void Manifest_keys_are_snake_case_per_contract()
    {
        var raw = (CborMap)CanonicalCbor.Decode(TestPacks.Manifest().Encode(), "m");
        var keys = raw.Entries.Select(e => ((CborText)e.Key).Value).ToHashSet();
        foreach (var k in new[] { "schema_version", "pack_id", "name", "version", "kind", "publisher", "components", "flows",
                     "dependencies", "capabilities", "secret_requirements", "signatures", "extensions" })
            Assert.Contains(k, keys);
        Assert.Equal("application", ((CborText)raw["kind"]!).Value);
    }

    [Theory]
    [InlineData("version", "1.0", "semantic version")]
    [InlineData("kind", "weird", "kind")]
    [InlineData("pack_id", "../evil", "valid id")]
    public void Invalid_fields_are_refused_with_the_field_named(string key, string value, string problem)
    {
        var raw = ((CborMap)CanonicalCbor.Decode(TestPacks.Manifest().Encode(), "m")).With(key, value);
        var ex = Assert.ThrowsAny<PackFormatException>(() => PackManifest.Decode(CanonicalCbor.Encode(raw), "demo.gtpack"));
        Assert.Contains(problem, ex.Message);
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Missing_required_field_and_wrong_types_are_named()
    {
        var raw = (CborMap)CanonicalCbor.Decode(TestPacks.Manifest().Encode(), "m");
        var noPublisher = new CborMap(raw.Entries.Where(e => ((CborText)e.Key).Value != "publisher"));
        Assert.Contains("'publisher' is required", Assert.ThrowsAny<PackFormatException>(() => PackManifest.FromCbor(noPublisher, "p")).Message);
        Assert.Contains("'components' must be an array", Assert.ThrowsAny<PackFormatException>(() => PackManifest.FromCbor(raw.With("components", 5L), "p")).Message);
    }

    [Fact]
    public void Duplicate_component_ids_are_refused()
    {
        var m = TestPacks.Manifest(components: ["a", "a"]);
        Assert.Contains("duplicate component id", Assert.ThrowsAny<PackFormatException>(() => PackManifest.Decode(m.Encode(), "p")).Message);
    }

    private static ProviderDecl Telegram => new()
    {
        ProviderType = "messaging.telegram.bot",
        Capabilities = ["messaging"],
        Ops = ["send_payload", "render_plan", "encode"],
        ConfigSchemaRef = "assets/config.schema.json",
        Runtime = new ProviderRuntime("messaging-provider-telegram", "schema-core-api", "greentic:provider/schema-core@1.0.0"),
    };

    [Fact]
    public void Provider_extension_v1_is_written_and_read()
    {
        var m = TestPacks.Manifest().WithProviders([Telegram]);
        var back = PackManifest.Decode(m.Encode(), "p");
        Assert.True(back.Extensions.ContainsKey(ProviderExtension.Key));
        var p = Assert.Single(ProviderExtension.Read(back));
        Assert.Equal(CanonicalCbor.Encode(Telegram.ToCbor()), CanonicalCbor.Encode(p.ToCbor()));
        Assert.Equal("messaging-provider-telegram", p.Runtime.ComponentRef);
        Assert.Equal(["send_payload", "render_plan", "encode"], p.Ops);
    }

    [Fact]
    public void Legacy_provider_extension_is_read()
    {
        var inline = new CborMapBuilderShim().Providers(Telegram);
        var m = TestPacks.Manifest() with
        {
            Extensions = new Dictionary<string, ExtensionEntry> { [ProviderExtension.LegacyKey] = new("greentic.ext.provider", "0.1.0", Inline: inline) },
        };
        var p = Assert.Single(ProviderExtension.Read(PackManifest.Decode(m.Encode(), "p")));
        Assert.Equal("messaging.telegram.bot", p.ProviderType);
        Assert.Equal("schema-core-api", p.Runtime.Export);
    }

    private sealed class CborMapBuilderShim
    {
        public CborValue Providers(ProviderDecl p) => CborMap.Of(("providers", new CborArray([p.ToCbor()])));
    }

    [Fact]
    public void Semver_parses_and_orders()
    {
        Assert.True(SemVersion.TryParse("1.2.3-rc.1+build.5", out var v));
        Assert.Equal("rc.1", v!.Prerelease);
        Assert.False(SemVersion.TryParse("01.2.3", out _));
        Assert.False(SemVersion.TryParse("1.2", out _));
        Assert.True(SemVersion.Parse("1.0.0-alpha").CompareTo(SemVersion.Parse("1.0.0")) < 0);
        Assert.True(SemVersion.Parse("1.0.0-alpha.2").CompareTo(SemVersion.Parse("1.0.0-alpha.10")) < 0);
        Assert.True(SemVersion.Parse("2.0.0").CompareTo(SemVersion.Parse("1.9.9")) > 0);
    }

    [Fact]
    public void Pack_layout_has_components_component_manifests_and_sbom()
    {
        var pack = GtPack.Open(TestPacks.Unsigned(), "t.gtpack");
        var paths = pack.Archive.Entries.Select(e => e.Path).ToArray();
        Assert.Equal(["assets/readme.txt", "components/echo.manifest.cbor", "components/echo.wasm", "manifest.cbor", "sbom.cbor"], paths);
        Assert.Equal(3, pack.Sbom.Files.Count);
        Assert.Equal("application/wasm", pack.Sbom.Files.Single(f => f.Path == "components/echo.wasm").MediaType);
        Assert.Equal("echo", pack.ComponentManifests["echo"].Id);
        var sbomRaw = (CborMap)CanonicalCbor.Decode(pack.Archive["sbom.cbor"], "s");
        Assert.Equal("greentic-sbom-v1", ((CborText)sbomRaw["format"]!).Value);
        pack.VerifyIntegrity();
    }

    [Fact]
    public void Sbom_with_wrong_format_is_refused()
    {
        var bad = CanonicalCbor.Encode(CborMap.Of(("format", "spdx"), ("files", CborArray.Empty)));
        Assert.Contains("greentic-sbom-v1", Assert.ThrowsAny<PackFormatException>(() => Sbom.Decode(bad, "p")).Message);
    }
}
