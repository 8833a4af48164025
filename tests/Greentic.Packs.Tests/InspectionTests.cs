using System.Text.Json.Nodes;
using Greentic.Packs.Archive;
using Greentic.Packs.Inspection;

namespace Greentic.Packs.Tests;

public class InspectionTests
{
    [Fact]
    public void Telegram_pack_inspects_as_text()
    {
        var text = PackInspection.Of(Upstream.Open(Upstream.Telegram)).ToText();
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToArray();
        Assert.Contains("pack        messaging-telegram 0.4.38 (application, publisher Greentic)", lines);
        Assert.Contains("manifest    pack-v1, CBOR (not canonical)", lines);
        Assert.Contains("integrity   ok: every digest matches", lines);
        Assert.Contains("signature   unsigned", lines);
        Assert.Contains("providers (1)", lines);
        Assert.Contains("  messaging.telegram.bot: component messaging-provider-telegram, export schema-core-api, world greentic:provider/schema-core@1.0.0", lines);
        Assert.Contains("    ops: send, reply, qa-spec, apply-answers, i18n-keys", lines);
        Assert.Contains("components (4)", lines);
        Assert.Contains("  ai.greentic.component-qa 0.4.38: 13276 bytes, sha256:d0b9dc48122d081250bf8bb1cf06a309995c318ac9b0b3e6804ce8fd3639d655", lines);
        Assert.Contains("    capabilities: wasi:clocks, wasi:random, host:secrets, host:messaging, host:telemetry", lines);
        Assert.Contains("flows (8)", lines);
        Assert.Contains("  setup_default (job): 5 nodes, entrypoints default → setup_default__emit_questions", lines);
        Assert.Contains("  TELEGRAM_BOT_TOKEN (required): Telegram bot token used for sendMessage requests.", lines);
        Assert.Contains("fixtures (7)", lines);
        Assert.Contains("  egress.request (121 bytes)", lines);
        Assert.Contains("  greentic.pack.component_manifests@v1", lines);
        Assert.StartsWith("file        messaging-telegram.gtpack: 1279749 bytes, 34 files, sha256:", lines[1]);
    }

    [Fact]
    public void Webchat_pack_inspects_as_json()
    {
        var json = PackInspection.Of(Upstream.Open(Upstream.Webchat)).ToJson();
        var round = JsonNode.Parse(json.ToJsonString())!;
        Assert.Equal("messaging-webchat", (string?)round["pack_id"]);
        Assert.Equal(Index.PackDigest.Sha256(Upstream.PackBytes(Upstream.Webchat)), (string?)round["digest"]);
        Assert.Equal("unsigned", (string?)round["signature"]!["state"]);
        Assert.True((bool)round["integrity"]!["ok"]!);
        Assert.False((bool)round["manifest_canonical"]!);
        var provider = round["providers"]!.AsArray().Single()!;
        Assert.Equal(("messaging.webchat", "messaging-provider-webchat", "schema-core-api", "greentic:provider/schema-core@1.0.0"),
            ((string?)provider["provider_type"], (string?)provider["component"], (string?)provider["export"], (string?)provider["world"]));
        var components = round["components"]!.AsArray();
        Assert.Equal(3, components.Count);
        var webchat = components.Single(c => (string?)c!["id"] == "messaging-provider-webchat")!;
        Assert.Equal(487004, (long)webchat["size"]!);
        Assert.StartsWith("sha256:", (string?)webchat["digest"]);
        Assert.Equal("greentic:component/component-v0-v6-v0@0.6.1", (string?)webchat["world"]);
        var flow = round["flows"]!.AsArray().Single(f => (string?)f!["id"] == "remove")!;
        Assert.Equal((3, "remove__check_state"), ((int)flow["node_count"]!, (string?)flow["entrypoints"]!["default"]));
        Assert.Equal("WEBCHAT_TOKEN", (string?)round["secret_requirements"]![0]!["key"]);
        Assert.Equal(7, round["fixtures"]!.AsArray().Count);
        Assert.Contains("messaging.provider_ingress.v1", round["extensions"]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public void Signature_state_is_reported_for_each_key_situation()
    {
        var pack = GtPack.Open(TestPacks.Signed(), "s.gtpack");
        var verified = PackInspection.Of(pack, [TestPacks.Key.PublicKey]);
        Assert.Equal((SignatureState.Verified, TestPacks.Key.KeyId, true), (verified.Signature.State, verified.Signature.Signer, verified.Signature.CoversFiles));
        Assert.Contains($"signature   verified (key {TestPacks.Key.KeyId}), covers every file", verified.ToText());
        Assert.Equal("verified", (string?)verified.ToJson()["signature"]!["state"]);
        var wrongKey = PackInspection.Of(pack, [TestPacks.OtherKey.PublicKey]);
        Assert.Equal(SignatureState.Invalid, wrongKey.Signature.State);
        Assert.Contains("signature   INVALID: no signature verifies with a trusted key", wrongKey.ToText());
        var noKey = PackInspection.Of(pack);
        Assert.Equal(SignatureState.NotChecked, noKey.Signature.State);
        Assert.Equal("not_checked", (string?)noKey.ToJson()["signature"]!["state"]);
        Assert.Equal([TestPacks.Key.KeyId], noKey.Signature.KeyIds);
    }

    [Fact]
    public void A_tampered_pack_is_reported_not_thrown()
    {
        var pack = Upstream.Open(Upstream.Webchat);
        var wasm = pack.ComponentWasm("ai.greentic.component-qa").ToArray();
        wasm[100] ^= 1;
        var tampered = GtPack.Open(GtpackWriter.Write(pack.Archive.With("components/ai.greentic.component-qa.wasm", wasm)), "t.gtpack");
        var report = PackInspection.Of(tampered);
        Assert.Equal("file 'components/ai.greentic.component-qa.wasm' does not match its BLAKE3 hash in sbom.cbor (modified after the pack was built)", report.IntegrityProblem);
        Assert.Contains("integrity   FAILED: file 'components/ai.greentic.component-qa.wasm'", report.ToText());
        Assert.False((bool)report.ToJson()["integrity"]!["ok"]!);
    }
}
