using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;

namespace Greentic.Packs.Tests;

public class ManifestTests
{
    private static CborMap Raw(PackManifest m) => (CborMap)CborDecoder.Decode(m.Encode(), "m");

    private static byte[] Model(PackManifest m) => CanonicalCbor.Encode(m.ToCbor());

    [Fact]
    public void Manifest_round_trips_through_pack_v1_cbor()
    {
        var m = TestPacks.Manifest() with
        {
            Dependencies = [new PackDependency("base", "greentic.base", "^1.2", ["state", "messaging"])],
            Extensions = new Dictionary<string, ExtensionEntry> { ["x.custom"] = new("custom", "1", "sha256:00", "x.bin", CborMap.Of(("k", 1L))) },
            Extra = new Dictionary<string, CborValue> { ["agents"] = CborMap.Of(("a", 1L)) },
        };
        var bytes = m.Encode();
        var back = PackManifest.Decode(bytes, "m");
        Assert.Equal(bytes, back.Encode());
        Assert.Equal("greentic.demo", back.PackId);
        Assert.Equal(PackManifest.SchemaV1, back.SchemaVersion);
        Assert.Equal(PackKind.Application, back.Kind);
        Assert.Equal("greentic.base", back.Dependencies[0].PackId);
        Assert.Equal(["state", "messaging"], back.Dependencies[0].RequiredCapabilities);
        Assert.True(back.Components[0].Grants("state"));
        Assert.False(back.Components[0].Grants("http"));
        Assert.Equal("text", back.SecretRequirements[0].Format);
        Assert.Contains("\"mapping\":\"hello\"", back.Flows[0].FlowJson);
        Assert.True(back.Extra.ContainsKey("agents"));
    }

    [Fact]
    public void Ids_are_written_as_indexes_into_a_sorted_symbols_table()
    {
        var m = TestPacks.Manifest(components: ["zeta", "alpha"]) with
        {
            Capabilities = [new CapabilityDecl("wasi:clocks"), new CapabilityDecl("host:secrets")],
            Dependencies = [new PackDependency("base", "a.base", "^1", ["host:secrets"])],
        };
        var raw = Raw(m);
        var symbols = (CborMap)raw["symbols"]!;
        string[] Table(string t) => ((CborArray)symbols[t]!).Items.Select(i => ((CborText)i).Value).ToArray();
        Assert.Equal(["alpha", "emit.text", "zeta"], Table("component_ids"));
        Assert.Equal(["a.base", "greentic.demo"], Table("pack_ids"));
        Assert.Equal(["host:secrets", "wasi:clocks"], Table("capability_names"));
        Assert.Equal(["n1"], Table("node_ids"));
        Assert.Equal(new CborInteger(1), raw["pack_id"]);
        Assert.Equal(new CborInteger(2), ((CborMap)((CborArray)raw["components"]!).Items[0])["id"]);
        var node = (CborMap)((CborArray)((CborMap)((CborMap)((CborArray)raw["flows"]!).Items[0])["flow"]!)["nodes"]!).Items[0];
        Assert.Equal(new CborInteger(0), node["id"]);
        Assert.Equal(new CborInteger(1), ((CborMap)node["component"]!)["id"]);
        Assert.Equal(new CborText("End"), node["routing"]);
    }

    [Fact]
    public void Text_ids_of_older_manifests_are_read_too()
    {
        var raw = Raw(TestPacks.Manifest())
            .With("pack_id", "legacy.pack")
            .With("components", new CborArray([((CborMap)((CborArray)Raw(TestPacks.Manifest())["components"]!).Items[0]).With("id", "echo")]));
        var m = PackManifest.FromCbor(raw, "p");
        Assert.Equal("legacy.pack", m.PackId);
        Assert.Equal("echo", m.Components[0].Id);
    }

    [Fact]
    public void A_symbol_index_out_of_range_is_refused_naming_the_field_and_table()
    {
        var raw = Raw(TestPacks.Manifest()).With("pack_id", 7L);
        var ex = Assert.ThrowsAny<PackFormatException>(() => PackManifest.FromCbor(raw, "demo.gtpack"));
        Assert.Equal("demo.gtpack: field 'pack_id' refers to symbol 7, but symbols.pack_ids has 1 entries", ex.Message);
    }

    [Fact]
    public void Every_routing_form_round_trips()
    {
        var routings = new[]
        {
            FlowRouting.End, FlowRouting.Reply, FlowRouting.To("b"),
            new FlowRouting(FlowRoutingKind.Branch, OnStatus: new Dictionary<string, string> { ["ok"] = "b", ["err"] = "a" }, Default: "a"),
            new FlowRouting(FlowRoutingKind.Custom, Custom: CborMap.Of(("x", 1L))),
        };
        foreach (var routing in routings)
        {
            var flow = TestPacks.Flow("f", "m") with
            {
                Nodes = [new FlowNode { Id = "a", Component = new FlowComponentRef("echo", null, "invoke"), Routing = routing },
                         new FlowNode { Id = "b", Component = new FlowComponentRef("emit.text"), Routing = FlowRouting.End }],
            };
            var m = TestPacks.Manifest() with { Flows = [new FlowEntry { Id = "f", Kind = "messaging", Flow = flow }] };
            var back = PackManifest.Decode(m.Encode(), "p").Flows[0].Flow;
            Assert.Equal(CanonicalCbor.Encode(flow.ToCbor()), CanonicalCbor.Encode(back.ToCbor()));
            Assert.Equal(routing.Targets.Order(), back.Nodes[0].Routing.Targets.Order());
        }
    }

    [Fact]
    public void Manifest_keys_are_upstreams()
    {
        var keys = Raw(TestPacks.Manifest()).Entries.Select(e => ((CborText)e.Key).Value).ToHashSet();
        foreach (var k in new[] { "schema_version", "pack_id", "name", "version", "kind", "publisher", "symbols", "components", "flows",
                     "dependencies", "capabilities", "secret_requirements", "signatures" })
            Assert.Contains(k, keys);
        Assert.Equal("application", ((CborText)Raw(TestPacks.Manifest())["kind"]!).Value);
    }

    [Theory]
    [InlineData("version", "1.0", "semantic version")]
    [InlineData("kind", "weird", "kind")]
    [InlineData("pack_id", "../evil", "valid id")]
    public void Invalid_fields_are_refused_with_the_field_named(string key, string value, string problem)
    {
        var raw = Raw(TestPacks.Manifest()).With(key, value);
        var ex = Assert.ThrowsAny<PackFormatException>(() => PackManifest.Decode(CanonicalCbor.Encode(raw), "demo.gtpack"));
        Assert.Contains(problem, ex.Message);
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Missing_required_field_and_wrong_types_are_named()
    {
        var raw = Raw(TestPacks.Manifest());
        var noPublisher = new CborMap(raw.Entries.Where(e => ((CborText)e.Key).Value != "publisher"));
        Assert.Contains("'publisher' is required", Assert.ThrowsAny<PackFormatException>(() => PackManifest.FromCbor(noPublisher, "p")).Message);
        Assert.Contains("'components' must be an array", Assert.ThrowsAny<PackFormatException>(() => PackManifest.FromCbor(raw.With("components", 5L), "p")).Message);
        var badCaps = ((CborMap)((CborArray)raw["components"]!).Items[0]).With("capabilities", CborMap.Of(("wasi", CborMap.Of(("clocks", "yes")))));
        Assert.Contains("'components[0].capabilities.wasi.clocks' must be true or false",
            Assert.ThrowsAny<PackFormatException>(() => PackManifest.FromCbor(raw.With("components", new CborArray([badCaps])), "p")).Message);
    }

    [Fact]
    public void Duplicate_component_ids_are_refused()
    {
        var m = TestPacks.Manifest(components: ["a", "a"]);
        Assert.Contains("duplicate component id", Assert.ThrowsAny<PackFormatException>(() => PackManifest.Decode(m.Encode(), "p")).Message);
    }

    [Fact]
    public void Signatures_are_written_as_base64_text_and_read_as_text_or_bytes()
    {
        var sig = new PackSignature("k1", "ed25519", Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        var raw = Raw(TestPacks.Manifest() with { Signatures = [sig] });
        var written = (CborMap)((CborArray)((CborMap)raw["signatures"]!)["signatures"]!).Items[0];
        Assert.Equal(new CborText(Convert.ToBase64String(sig.Signature)), written["signature"]);
        var asBytes = raw.With("signatures", CborMap.Of(("signatures", new CborArray([written.With("signature", sig.Signature)]))));
        Assert.Equal(sig.Signature, PackManifest.FromCbor(asBytes, "p").Signatures[0].Signature);
        var other = raw.With("signatures", CborMap.Of(("signatures", new CborArray([written.With("algorithm", CborMap.Of(("other", "rsa")))]))));
        Assert.Equal("rsa", PackManifest.FromCbor(other, "p").Signatures[0].Algorithm);
    }

    [Fact]
    public void Capabilities_are_typed_from_upstreams_shape_and_unknown_keys_kept()
    {
        var caps = TestPacks.Capabilities("""
            {"wasi": {"filesystem": {"mode": "read_only", "mounts": [{"name": "data", "host_class": "tmp", "guest_path": "/data"}]}, "random": true, "clocks": false},
             "host": {"state": {"read": true, "write": false}, "http": {"client": true}, "telemetry": {"scope": "tenant"}, "qa": {"process": true},
                      "secrets": {"required": [{"key": "API_KEY", "required": false}]}}}
            """);
        Assert.True(caps.Wasi.Random);
        Assert.False(caps.Wasi.Clocks);
        Assert.Equal("read_only", caps.Wasi.Filesystem.Mode);
        Assert.Equal("/data", caps.Wasi.Filesystem.Mounts.Single().GuestPath);
        Assert.Equal(new StateAccess(true, false, false), caps.Host.State);
        Assert.Equal("tenant", caps.Host.Telemetry!.Scope);
        Assert.Equal("API_KEY", caps.Host.Secrets!.Required.Single().Key);
        Assert.Equal(["qa"], caps.Host.Other);
        Assert.True(caps.Grants("state") && caps.Grants("state.read") && caps.Grants("http") && caps.Grants("secrets") && caps.Grants("host.qa"));
        Assert.False(caps.Grants("state.write") || caps.Grants("messaging") || caps.Grants("clocks") || caps.Grants("http.server"));
        Assert.Equal(["wasi:random", "wasi:fs:read_only", "host:secrets", "host:state:read", "host:http:client", "host:telemetry", "host:qa"], caps.Names());
        Assert.Contains("\"qa\"", CborJson.ToJsonString(caps.Raw));
        // No capabilities at all: nothing granted, and written as upstream requires ({wasi, host}).
        var none = ComponentCapabilities.FromCbor(null, "p", "c");
        Assert.Empty(none.Names());
        Assert.Equal("""{"wasi":{"random":false,"clocks":false},"host":{}}""", CborJson.ToJsonString(none.Raw));
        // `http: {}` is upstream's HttpCapabilities with client=false: not a grant.
        Assert.False(TestPacks.Capabilities("""{"host": {"http": {}}}""").Grants("http"));
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
    public void Provider_extension_v1_is_written_as_upstream_and_read()
    {
        var m = TestPacks.Manifest().WithProviders([Telegram]);
        var back = PackManifest.Decode(m.Encode(), "p");
        Assert.Equal(ProviderExtension.Key, back.Extensions[ProviderExtension.Key].Kind);
        var p = Assert.Single(ProviderExtension.Read(back));
        Assert.Equal(CanonicalCbor.Encode(Telegram.ToCbor()), CanonicalCbor.Encode(p.ToCbor()));
        Assert.Equal("messaging-provider-telegram", p.Runtime.ComponentRef);
        Assert.Equal(["send_payload", "render_plan", "encode"], p.Ops);
        var twice = TestPacks.Manifest().WithProviders([Telegram, Telegram]);
        Assert.Contains("declares provider_type 'messaging.telegram.bot' twice",
            Assert.ThrowsAny<PackFormatException>(() => ProviderExtension.Read(PackManifest.Decode(twice.Encode(), "p"))).Message);
    }

    [Fact]
    public void Legacy_provider_extension_is_read()
    {
        var m = TestPacks.Manifest() with
        {
            Extensions = new Dictionary<string, ExtensionEntry>
            {
                [ProviderExtension.LegacyKey] = new("greentic.ext.provider", "0.1.0", Inline: CborMap.Of(("providers", new CborArray([Telegram.ToCbor()])))),
            },
        };
        var p = Assert.Single(ProviderExtension.Read(PackManifest.Decode(m.Encode(), "p")));
        Assert.Equal("messaging.telegram.bot", p.ProviderType);
        Assert.Equal("schema-core-api", p.Runtime.Export);
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
    public void Pack_layout_is_upstreams_with_indexed_component_manifests_and_an_sbom_listing_the_manifest()
    {
        var pack = GtPack.Open(TestPacks.Unsigned(), "t.gtpack");
        var paths = pack.Archive.Entries.Select(e => e.Path).ToArray();
        Assert.Equal(["assets/readme.txt", "components/echo.manifest.cbor", "components/echo.wasm", "manifest.cbor", "sbom.cbor"], paths);
        Assert.Equal(["assets/readme.txt", "components/echo.manifest.cbor", "components/echo.wasm", "manifest.cbor"], pack.Sbom.Files.Select(f => f.Path));
        Assert.Equal("application/wasm", pack.Sbom.Files.Single(f => f.Path == "components/echo.wasm").MediaType);
        Assert.Equal("echo", pack.ComponentManifests["echo"].Id);
        var entry = Assert.Single(pack.ComponentManifestIndex!);
        Assert.Equal(("echo", "components/echo.manifest.cbor", "cbor"), (entry.ComponentId, entry.ManifestFile, entry.Encoding));
        Assert.Equal(Hashing.ContentHash.Sha256(pack.Archive["components/echo.manifest.cbor"].Span), entry.ContentHash);
        Assert.True(CanonicalCbor.IsCanonical(pack.Archive["components/echo.manifest.cbor"]));
        Assert.True(CanonicalCbor.IsCanonical(pack.Archive["sbom.cbor"]));
        var sbomRaw = (CborMap)CborDecoder.Decode(pack.Archive["sbom.cbor"], "s");
        Assert.Equal("greentic-sbom-v1", ((CborText)sbomRaw["format"]!).Value);
        Assert.True(pack.ManifestBindsFiles);
        pack.VerifyIntegrity();
    }

    [Fact]
    public void Sbom_with_wrong_format_is_refused()
    {
        var bad = CanonicalCbor.Encode(CborMap.Of(("format", "spdx"), ("files", CborArray.Empty)));
        Assert.Contains("greentic-sbom-v1", Assert.ThrowsAny<PackFormatException>(() => Sbom.Decode(bad, "p")).Message);
    }
}
