using Greentic.Packs.Archive;
using Greentic.Packs.Building;
using Greentic.Packs.Cbor;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

public class BuilderTests
{
    internal static void WriteSource(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "components"));
        Directory.CreateDirectory(Path.Combine(dir, "flows"));
        Directory.CreateDirectory(Path.Combine(dir, "assets", "schemas"));
        Directory.CreateDirectory(Path.Combine(dir, "fixtures"));
        Directory.CreateDirectory(Path.Combine(dir, "schemas", "messaging"));
        File.WriteAllText(Path.Combine(dir, "pack.yaml"), """
            pack_id: greentic.telegram
            name: Telegram messaging
            version: 0.4.2
            kind: provider
            publisher: greentic
            components:
              - id: messaging-provider-telegram
                world: greentic:component/component-v0-v6-v0@0.6.1
                supports: [messaging]
                capabilities:
                  wasi: {clocks: true, random: true}
                  host: {secrets: {required: []}, http: {client: true}}
                operations: [render_plan, encode, send_payload]
            flows:
              - id: welcome
                tags: [demo]
                entrypoints: [default]
            capabilities:
              - name: host:secrets
                description: reads the bot token
            secret_requirements:
              - key: TELEGRAM_BOT_TOKEN
                required: true
                format: text
                description: the bot token
            providers:
              - provider_type: messaging.telegram.bot
                capabilities: [messaging]
                ops: [render_plan, encode, send_payload]
                config_schema_ref: schemas/messaging/telegram.json
                runtime:
                  component_ref: messaging-provider-telegram
                  export: schema-core-api
                  world: greentic:provider/schema-core@1.0.0
            """);
        File.WriteAllBytes(Path.Combine(dir, "components", "messaging-provider-telegram.wasm"), TestPacks.Wasm("tg", 300));
        File.WriteAllBytes(Path.Combine(dir, "components", "state-helper.wasm"), TestPacks.Wasm("sh", 100));
        File.WriteAllText(Path.Combine(dir, "components", "state-helper.yaml"), """
            version: 1.2.3
            world: greentic:component/component@0.5.0
            supports: [messaging, job]
            capabilities: {host: {state: {read: true, write: true}, telemetry: {scope: node}}}
            operations: [tick]
            resources: {memory_mb: 64}
            x-notes: kept as is
            """);
        File.WriteAllText(Path.Combine(dir, "flows", "welcome.ygtc"), """
            id: welcome
            type: messaging
            schema_version: 2
            start: greet
            nodes:
              greet:
                emit.text: "Hello!"
                out: end
            """);
        File.WriteAllText(Path.Combine(dir, "flows", "timer.ygtc"), """
            type: event
            schema_version: 2
            start: tick
            tags: [cron]
            nodes:
              tick:
                state-helper.tick: {key: last, value: '{{ state.input.now }}'}
                routing: [{status: ok, to: done}, {to: failed}]
              done: {emit.text: ok, routing: out}
              failed: {emit.text: failed, reply: true}
            """);
        File.WriteAllText(Path.Combine(dir, "assets", "schemas", "telegram.json"), """{"type":"object"}""");
        File.WriteAllText(Path.Combine(dir, "schemas", "messaging", "telegram.json"), """{"type":"object","required":["bot_token"]}""");
        File.WriteAllText(Path.Combine(dir, "fixtures", "egress.request.json"), """{"provider":"messaging.telegram.bot","message":{"text":"hi"}}""");
        File.WriteAllText(Path.Combine(dir, "fixtures", "egress.expected.summary.json"), """{"status":"accepted"}""");
    }

    [Fact]
    public void Builds_a_valid_deterministic_pack_v1_from_a_directory()
    {
        using var dir = new TempDir();
        WriteSource(dir.Path);
        var a = GtpackWriter.Write(PackBuilder.Build(dir.Path));
        var b = GtpackWriter.Write(PackBuilder.Build(dir.Path));
        Assert.Equal(a, b);
        var pack = GtPack.Open(a, "built.gtpack");
        pack.VerifyIntegrity();
        var m = pack.Manifest;
        Assert.Equal(("pack-v1", "greentic.telegram", "0.4.2", PackKind.Provider), (m.SchemaVersion, m.PackId, m.Version, m.Kind));
        Assert.Equal(["messaging-provider-telegram", "state-helper"], m.Components.Select(c => c.Id));
        var tg = m.Components[0];
        Assert.Equal("0.4.2", tg.Version);
        Assert.Equal(["render_plan", "encode", "send_payload"], tg.Operations.Select(o => o.Name));
        Assert.True(tg.Grants("http") && tg.Grants("secrets") && tg.Grants("clocks"));
        Assert.False(tg.Grants("state"));
        var sh = pack.ComponentManifests["state-helper"];
        Assert.Equal("1.2.3", sh.Version);
        Assert.True(sh.Grants("state.write"));
        Assert.Equal("""{"memory_mb":64}""", CborJson.ToJsonString(sh.Resources!));
        Assert.True(sh.Extra.ContainsKey("x-notes"));
        Assert.Equal(["timer", "welcome"], m.Flows.Select(f => f.Id).Order());

        var welcome = m.Flows.Single(f => f.Id == "welcome");
        Assert.Equal(["demo"], welcome.Tags);
        Assert.Equal(["default"], welcome.Entrypoints);
        var greet = Assert.Single(welcome.Flow.Nodes);
        Assert.Equal(("greet", "emit.text", null), (greet.Id, greet.Component.Id, greet.Component.Operation));
        Assert.Equal("""{"mapping":"Hello!"}""", CborJson.ToJsonString(greet.Input));
        Assert.Equal(FlowRoutingKind.End, greet.Routing.Kind);

        var timer = m.Flows.Single(f => f.Id == "timer");
        Assert.Equal(("event", "event"), (timer.Kind, timer.Flow.Kind));
        Assert.Equal(new CborText("tick"), timer.Flow.Entrypoints["default"]);
        Assert.Equal(["tick", "done", "failed"], timer.Flow.Nodes.Select(n => n.Id));
        var tick = timer.Flow.Nodes[0];
        Assert.Equal(("state-helper", "tick"), (tick.Component.Id, tick.Component.Operation));
        Assert.Equal(FlowRoutingKind.Branch, tick.Routing.Kind);
        Assert.Equal("done", tick.Routing.OnStatus!["ok"]);
        Assert.Equal("failed", tick.Routing.Default);
        Assert.Equal(FlowRoutingKind.End, timer.Flow.Nodes[1].Routing.Kind);
        Assert.Equal(FlowRoutingKind.Reply, timer.Flow.Nodes[2].Routing.Kind);
        Assert.Contains("cron", CborJson.ToJsonString(timer.Flow.Metadata));

        var provider = Assert.Single(pack.Providers);
        Assert.Equal("messaging-provider-telegram", provider.Runtime.ComponentRef);
        Assert.True(pack.Archive.Contains("assets/schemas/telegram.json"));
        Assert.True(pack.Archive.Contains("schemas/messaging/telegram.json"));
        Assert.Equal(["egress.expected.summary", "egress.request"], pack.Fixtures.Select(f => f.Name));
        Assert.Equal("TELEGRAM_BOT_TOKEN", m.SecretRequirements.Single().Key);
        Assert.Equal(["greentic.pack.component_manifests@v1", "greentic.provider-extension.v1", "greentic.sbom.v1"], m.Extensions.Keys.Order());
    }

    [Fact]
    public void Build_then_read_gives_back_the_same_model()
    {
        using var dir = new TempDir();
        WriteSource(dir.Path);
        var archive = PackBuilder.Build(dir.Path);
        var pack = GtPack.Open(GtpackWriter.Write(archive), "built.gtpack");
        // The manifest the builder wrote is exactly what the model read back encodes to, and so are the component manifests.
        Assert.Equal(pack.ManifestBytes.ToArray(), pack.Manifest.Encode());
        foreach (var c in pack.Manifest.Components)
        {
            Assert.Equal(pack.Archive[ComponentManifest.ManifestPath(c.Id)].ToArray(), CanonicalCbor.Encode(pack.ComponentManifests[c.Id].ToCbor()));
            Assert.Equal(CanonicalCbor.Encode(c.ToCbor()), CanonicalCbor.Encode(pack.ComponentManifests[c.Id].ToCbor()));
        }
        Assert.Equal(pack.Archive["sbom.cbor"].ToArray(), pack.Sbom.Encode());
        // Reading again from the model's own encoding is a fixed point.
        var again = PackManifest.Decode(pack.Manifest.Encode(), "again");
        Assert.Equal(pack.Manifest.Encode(), again.Encode());
    }

    /// <summary>
    /// The keys upstream's serde structs (greentic-types EncodedPackManifest, EncodedComponent, EncodedFlow, EncodedNode,
    /// ComponentCapabilities, ComponentOperation…) require without a default: a pack missing one would not decode upstream.
    /// </summary>
    [Fact]
    public void Built_manifest_carries_every_key_upstreams_decoder_requires()
    {
        using var dir = new TempDir();
        WriteSource(dir.Path);
        var pack = GtPack.FromArchive(PackBuilder.Build(dir.Path), "built.gtpack");
        var raw = pack.RawManifest;
        static void Has(CborValue? map, string what, params string[] keys)
        {
            var m = Assert.IsType<CborMap>(map);
            foreach (var k in keys) Assert.True(m[k] is not null, $"{what} lacks '{k}'");
        }
        Has(raw, "manifest", "schema_version", "pack_id", "version", "kind", "publisher", "symbols", "components", "flows", "dependencies", "capabilities", "signatures");
        Has(raw["symbols"], "symbols", "component_ids", "node_ids", "capability_names", "pack_ids");
        Has(raw["signatures"], "signatures", "signatures");
        foreach (var c in ((CborArray)raw["components"]!).Items)
        {
            Has(c, "component", "id", "version", "supports", "world", "profiles", "capabilities", "operations", "resources");
            Has(((CborMap)c)["capabilities"], "capabilities", "wasi", "host");
            foreach (var op in ((CborArray)((CborMap)c)["operations"]!).Items) Has(op, "operation", "name", "input_schema", "output_schema");
        }
        foreach (var f in ((CborArray)raw["flows"]!).Items)
        {
            Has(f, "flow entry", "id", "kind", "flow", "tags", "entrypoints");
            var flow = ((CborMap)f)["flow"];
            Has(flow, "flow", "schema_version", "id", "kind", "entrypoints", "nodes", "metadata");
            foreach (var n in ((CborArray)((CborMap)flow!)["nodes"]!).Items)
            {
                Has(n, "node", "id", "component", "input", "output", "routing", "telemetry");
                Has(((CborMap)n)["component"], "component ref", "id");
                Assert.IsType<CborInteger>(((CborMap)((CborMap)n)["component"]!)["id"]);
            }
        }
        foreach (var e in ((CborMap)raw["extensions"]!).Entries) Has(e.Value, $"extension {e.Key}", "kind", "version");
        foreach (var c in pack.Manifest.Components) Has(CborDecoder.Decode(pack.Archive[ComponentManifest.ManifestPath(c.Id)], "c"),
            "component manifest file", "id", "version", "world", "profiles", "capabilities");
        Assert.All(pack.Manifest.Components.SelectMany(c => c.Supports).Concat(pack.Manifest.Flows.Select(f => f.Kind)),
            k => Assert.Contains(k, new[] { "messaging", "event", "component_config", "job", "http" }));
    }

    [Fact]
    public void Build_and_sign_to_file_verifies()
    {
        using var dir = new TempDir();
        WriteSource(dir["src"]);
        var bytes = PackBuilder.BuildToFile(dir["src"], dir["out.gtpack"], TestPacks.Key);
        Assert.Equal(bytes, File.ReadAllBytes(dir["out.gtpack"]));
        Assert.True(PackSigner.Verify(GtPack.OpenFile(dir["out.gtpack"]), TrustPolicy.StrictWith(TestPacks.Key.PublicKey)).Verified);
    }

    [Theory]
    [InlineData("version: 1.0", "version")]
    [InlineData("version: '1.0.0'\nkind: nonsense", "kind")]
    [InlineData("version: '1.0.0'\ncomponents: [{id: ghost}]", "ghost")]
    [InlineData("version: '1.0.0'\nflows: [{id: nope}]", "nope")]
    [InlineData("version: [unclosed", "invalid YAML")]
    public void Bad_sources_are_refused_with_the_problem_named(string extra, string problem)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["pack.yaml"], "pack_id: p\npublisher: me\n" + extra + "\n");
        var ex = Assert.ThrowsAny<PackFormatException>(() => PackBuilder.Build(dir.Path));
        Assert.Contains(problem, ex.Message);
    }

    [Theory]
    [InlineData("type: timer\nnodes: {a: {emit.text: x}}", "flow type 'timer' is not a flow kind upstream reads")]
    [InlineData("nodes: {a: {emit.text: x, out: nowhere}}", "node 'a' routes to 'nowhere', which the flow does not define")]
    [InlineData("nodes: {a: {emit.text: x, state.set: y}}", "node 'a' must have exactly one operation key")]
    [InlineData("nodes: {a: {out: end}}", "node 'a' must have exactly one operation key")]
    [InlineData("start: b\nnodes: {a: {emit.text: x}}", "names node 'b'")]
    [InlineData("nodes: {a: {emit.text: x, routing: [{status: ok, to: a}, {status: ok, to: a}]}}", "'ok' appears twice")]
    [InlineData("nodes: {'../a': {emit.text: x}}", "not a valid id")]
    public void Bad_flows_are_refused_naming_the_file_and_node(string flow, string problem)
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["flows"]);
        File.WriteAllText(dir["pack.yaml"], "pack_id: p\npublisher: me\nversion: 1.0.0\n");
        File.WriteAllText(dir["flows/f.ygtc"], flow + "\n");
        var ex = Assert.ThrowsAny<PackFormatException>(() => PackBuilder.Build(dir.Path));
        Assert.StartsWith("flows/f.ygtc: ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void Supports_must_name_upstream_flow_kinds()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir["components"]);
        File.WriteAllText(dir["pack.yaml"], "pack_id: p\npublisher: me\nversion: 1.0.0\ncomponents: [{id: c, supports: [webhook]}]\n");
        File.WriteAllBytes(dir["components/c.wasm"], TestPacks.Wasm("c", 16));
        Assert.Contains("'webhook' is not a flow kind upstream reads", Assert.ThrowsAny<PackFormatException>(() => PackBuilder.Build(dir.Path)).Message);
    }

    [Fact]
    public void Symlinked_sources_are_refused()
    {
        using var dir = new TempDir();
        WriteSource(dir.Path);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "assets", "passwd"), "/etc/passwd");
        Assert.Contains("symbolic links", Assert.ThrowsAny<PackFormatException>(() => PackBuilder.Build(dir.Path)).Message);
        File.Delete(Path.Combine(dir.Path, "assets", "passwd"));
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "fixtures", "etc"), "/etc");
        Assert.Contains("symbolic links", Assert.ThrowsAny<PackFormatException>(() => PackBuilder.Build(dir.Path)).Message);
    }
}
