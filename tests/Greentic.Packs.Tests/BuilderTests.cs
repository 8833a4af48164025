using Greentic.Packs.Archive;
using Greentic.Packs.Building;
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
        File.WriteAllText(Path.Combine(dir, "pack.yaml"), """
            pack_id: greentic.telegram
            name: Telegram messaging
            version: 0.4.2
            kind: provider
            publisher: greentic
            components:
              - id: messaging-provider-telegram
                world: greentic:provider/schema-core@1.0.0
                supports: [messaging]
                capabilities: {host: {secrets: {}, http: {}}}
                operations: [render_plan, encode, send_payload]
            flows:
              - id: welcome
                tags: [demo]
                entrypoints: [default]
            capabilities:
              - name: messaging
                description: sends and receives chat messages
            secret_requirements:
              - key: TELEGRAM_BOT_TOKEN
                required: true
                format: text
                description: the bot token
            providers:
              - provider_type: messaging.telegram.bot
                capabilities: [messaging]
                ops: [render_plan, encode, send_payload]
                config_schema_ref: assets/schemas/telegram.json
                runtime:
                  component_ref: messaging-provider-telegram
                  export: schema-core-api
                  world: greentic:provider/schema-core@1.0.0
            """);
        File.WriteAllBytes(Path.Combine(dir, "components", "messaging-provider-telegram.wasm"), TestPacks.Wasm("tg", 300));
        File.WriteAllBytes(Path.Combine(dir, "components", "state-helper.wasm"), TestPacks.Wasm("sh", 100));
        File.WriteAllText(Path.Combine(dir, "components", "state-helper.yaml"), """
            version: 1.2.3
            world: greentic:component/node@0.1.0
            supports: [messaging, job]
            capabilities: {host: {state: {read: true, write: true}}}
            resources: {memory_mb: 64}
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
            type: timer
            schema_version: 2
            start: tick
            nodes:
              tick: {state.set: {key: last, value: 1}, out: end}
            """);
        File.WriteAllText(Path.Combine(dir, "assets", "schemas", "telegram.json"), """{"type":"object"}""");
    }

    [Fact]
    public void Builds_a_valid_deterministic_pack_from_a_directory()
    {
        using var dir = new TempDir();
        WriteSource(dir.Path);
        var a = GtpackWriter.Write(PackBuilder.Build(dir.Path));
        var b = GtpackWriter.Write(PackBuilder.Build(dir.Path));
        Assert.Equal(a, b);
        var pack = GtPack.Open(a, "built.gtpack");
        pack.VerifyIntegrity();
        var m = pack.Manifest;
        Assert.Equal(("greentic.telegram", "0.4.2", PackKind.Provider), (m.PackId, m.Version, m.Kind));
        Assert.Equal(["messaging-provider-telegram", "state-helper"], m.Components.Select(c => c.Id));
        var tg = m.Components[0];
        Assert.Equal("0.4.2", tg.Version);
        Assert.Equal(["render_plan", "encode", "send_payload"], tg.Operations.Select(o => o.Name));
        Assert.True(tg.Grants("http"));
        Assert.False(tg.Grants("state"));
        var sh = pack.ComponentManifests["state-helper"];
        Assert.Equal("1.2.3", sh.Version);
        Assert.True(sh.Grants("state"));
        Assert.True(sh.Extra.ContainsKey("resources"));
        Assert.Equal(["timer", "welcome"], m.Flows.Select(f => f.Id).Order());
        var welcome = m.Flows.Single(f => f.Id == "welcome");
        Assert.Equal(["demo"], welcome.Tags);
        Assert.Contains("Hello!", welcome.FlowJson);
        Assert.Equal("timer", m.Flows.Single(f => f.Id == "timer").Kind);
        var provider = Assert.Single(ProviderExtension.Read(m));
        Assert.Equal("messaging-provider-telegram", provider.Runtime.ComponentRef);
        Assert.True(pack.Archive.Contains("assets/schemas/telegram.json"));
        Assert.Equal("TELEGRAM_BOT_TOKEN", m.SecretRequirements.Single().Key);
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

    [Fact]
    public void Symlinked_sources_are_refused()
    {
        using var dir = new TempDir();
        WriteSource(dir.Path);
        File.CreateSymbolicLink(Path.Combine(dir.Path, "assets", "passwd"), "/etc/passwd");
        Assert.Contains("symbolic links", Assert.ThrowsAny<PackFormatException>(() => PackBuilder.Build(dir.Path)).Message);
    }
}
