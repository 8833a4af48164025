using Greentic.Packs.Archive;
using Greentic.Packs.Cbor;
using Greentic.Packs.Hashing;
using Greentic.Packs.Manifest;
using Greentic.Packs.Signing;

namespace Greentic.Packs.Tests;

/// <summary>The real packs upstream's toolchain wrote (<c>../shared/upstream/packs/</c>): read, decoded, verified, and tamper-checked.</summary>
public class UpstreamPackTests
{
    private static readonly TrustPolicy Strict = TrustPolicy.StrictWith(TestPacks.Key.PublicKey);

    [Theory]
    [InlineData(Upstream.Telegram, "messaging-telegram", "messaging.telegram.bot", "messaging-provider-telegram", "TELEGRAM_BOT_TOKEN")]
    [InlineData(Upstream.Webchat, "messaging-webchat", "messaging.webchat", "messaging-provider-webchat", "WEBCHAT_TOKEN")]
    public void Upstream_pack_reads_into_the_model(string file, string packId, string providerType, string componentId, string secret)
    {
        var pack = Upstream.Open(file);
        var m = pack.Manifest;
        Assert.Equal(("pack-v1", packId, "0.4.38", PackKind.Application, "Greentic"), (m.SchemaVersion, m.PackId, m.Version, m.Kind, m.Publisher));
        // upstream writes manifest.cbor first: entry order is not a rule
        Assert.Equal("manifest.cbor", ZipNames(Upstream.PackBytes(file))[0]);

        var provider = Assert.Single(pack.Providers);
        Assert.Equal(providerType, provider.ProviderType);
        Assert.Equal((componentId, "schema-core-api", "greentic:provider/schema-core@1.0.0"), (provider.Runtime.ComponentRef, provider.Runtime.Export, provider.Runtime.World));
        Assert.Equal(["messaging"], provider.Capabilities);
        Assert.Contains("send", provider.Ops);
        Assert.Equal($"schemas/messaging/{packId["messaging-".Length..]}/public.config.schema.json", provider.ConfigSchemaRef);
        Assert.True(pack.Archive.Contains(provider.ConfigSchemaRef));

        Assert.Contains(componentId, m.Components.Select(c => c.Id));
        Assert.Contains("ai.greentic.component-qa", m.Components.Select(c => c.Id));
        var qa = pack.ComponentManifests["ai.greentic.component-qa"];
        Assert.Equal(("0.4.38", "greentic:component/component@0.5.0"), (qa.Version, qa.World));
        Assert.Equal("stateless", qa.Profiles.Default);
        Assert.Equal(["stateless"], qa.Profiles.Supported);
        Assert.True(qa.Capabilities.Wasi.Clocks && qa.Capabilities.Wasi.Random);
        Assert.Equal(FilesystemAccess.ModeNone, qa.Capabilities.Wasi.Filesystem.Mode);
        Assert.Equal(new DirectionalAccess(true, true), qa.Capabilities.Host.Messaging);
        Assert.Equal("node", qa.Capabilities.Host.Telemetry!.Scope);
        Assert.Empty(qa.Capabilities.Host.Secrets!.Required);
        Assert.Contains("validate_answers", qa.Operations.Select(o => o.Name));
        var provision = pack.ComponentManifests["ai.greentic.component-provision"];
        Assert.Equal(new StateAccess(false, true, false), provision.Capabilities.Host.State);
        Assert.NotNull(provision.ConfigSchema);

        // capability names and flow node ids are symbols too
        Assert.Equal(["host:messaging", "host:secrets", "host:state:write", "host:telemetry", "wasi:clocks", "wasi:fs:none", "wasi:random"],
            m.Capabilities.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(8, m.Flows.Count);
        var setup = m.Flows.Single(f => f.Id == "setup_default");
        Assert.Equal("job", setup.Kind);
        Assert.Equal(["setup"], setup.Entrypoints);
        Assert.Equal(["default"], setup.Tags);
        Assert.Equal(new CborText("setup_default__emit_questions"), setup.Flow.Entrypoints["default"]);
        Assert.Equal(5, setup.Flow.Nodes.Count);
        var apply = setup.Flow.Nodes.Single(n => n.Id == "setup_default__apply");
        Assert.Equal(("ai.greentic.component-provision", "apply"), (apply.Component.Id, apply.Component.Operation));
        Assert.All(setup.Flow.Nodes.SelectMany(n => n.Routing.Targets), t => Assert.Contains(t, setup.Flow.Nodes.Select(n => n.Id)));
        Assert.Contains("{{ state.input", setup.FlowJson);
        Assert.Contains(setup.Flow.Nodes, n => n.Routing.Kind == FlowRoutingKind.End);

        var req = Assert.Single(m.SecretRequirements);
        Assert.Equal((secret, true, "<env>", "<tenant>"), (req.Key, req.Required, req.Scope!.Env, req.Scope.Tenant));
        Assert.Equal(["greentic.ext.capabilities.v1", "greentic.messaging.validators.v1", "greentic.pack-mode.v1", "greentic.pack.component_manifests@v1",
            "greentic.provider-extension.v1", "messaging.provider_flow_hints", "messaging.provider_ingress.v1"], m.Extensions.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(m.Signatures);
        Assert.NotNull(pack.Lock);
        Assert.Contains(pack.Lock!.Components, c => c.ComponentId == "ai.greentic.component-qa" && c.ResolvedDigest == pack.ComponentDigest("ai.greentic.component-qa"));
        Assert.True(pack.Archive.Contains("pack.lock.cbor") && pack.Archive.Contains("sbom.cbor"));
    }

    private static string[] ZipNames(byte[] zip)
    {
        using var z = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        return z.Entries.Select(e => e.FullName).ToArray();
    }

    [Theory]
    [InlineData(Upstream.Telegram)]
    [InlineData(Upstream.Webchat)]
    public void Every_digest_upstream_packs_carry_verifies(string file)
    {
        var pack = Upstream.Open(file);
        pack.VerifyIntegrity();
        // The SBOM lists every file but itself, manifest.cbor included, with upstream's BLAKE3.
        Assert.Equal(pack.Archive.Entries.Select(e => e.Path).Where(p => p != "sbom.cbor").Order(StringComparer.Ordinal), pack.Sbom.Files.Select(f => f.Path));
        Assert.Equal(ContentHash.Blake3Hex(pack.ManifestBytes.Span), pack.Sbom.Files.Single(f => f.Path == "manifest.cbor").HashBlake3);
        // Each component manifest file is indexed with its SHA-256.
        Assert.Equal(pack.Manifest.Components.Select(c => c.Id).Order(), pack.ComponentManifestIndex!.Select(e => e.ComponentId).Order());
        foreach (var e in pack.ComponentManifestIndex!)
            Assert.Equal(e.ContentHash, ContentHash.Sha256(pack.Archive[e.ManifestFile].Span));
        Assert.False(pack.ManifestBindsFiles);
    }

    [Theory]
    [InlineData(Upstream.Telegram)]
    [InlineData(Upstream.Webchat)]
    public void Unsigned_upstream_packs_pass_non_strict_with_a_warning_and_are_refused_in_strict_mode(string file)
    {
        var pack = Upstream.Open(file);
        var lax = PackSigner.Verify(pack, Strict with { Strict = false });
        Assert.False(lax.Verified);
        Assert.Contains("not signed", lax.Warning);
        Assert.Contains("PACK_VERIFY_STRICT is off", lax.Warning);
        var ex = Assert.Throws<PackVerificationException>(() => PackSigner.Verify(pack, Strict));
        Assert.Equal($"{file}: signature verification failed: the pack is not signed", ex.Message);
    }

    [Fact]
    public void A_tampered_component_is_refused_naming_the_file()
    {
        var pack = Upstream.Open(Upstream.Telegram);
        var wasm = pack.ComponentWasm("messaging-provider-telegram").ToArray();
        wasm[^1] ^= 0xFF;
        var tampered = GtPack.Open(GtpackWriter.Write(pack.Archive.With("components/messaging-provider-telegram.wasm", wasm)), "tampered.gtpack");
        var ex = Assert.Throws<PackVerificationException>(tampered.VerifyIntegrity);
        Assert.Equal("tampered.gtpack: file 'components/messaging-provider-telegram.wasm' does not match its BLAKE3 hash in sbom.cbor (modified after the pack was built)", ex.Message);
    }

    [Fact]
    public void A_component_swapped_together_with_its_sbom_entry_is_caught_by_the_lock_digest()
    {
        var pack = Upstream.Open(Upstream.Telegram);
        var evil = File.ReadAllBytes(Upstream.ComponentPath("messaging-provider-dummy.wasm"));
        const string path = "components/ai.greentic.component-qa.wasm";
        var sbom = new Sbom(pack.Sbom.Files.Select(f => f.Path == path ? Sbom.Entry(path, evil) : f).ToArray());
        var tampered = GtPack.FromArchive(pack.Archive.With(path, evil).With("sbom.cbor", sbom.Encode()), "swapped.gtpack");
        var ex = Assert.Throws<PackVerificationException>(tampered.VerifyIntegrity);
        Assert.StartsWith($"swapped.gtpack: file '{path}' does not match its resolved_digest sha256:d0b9dc48", ex.Message);
        Assert.EndsWith("in pack.lock.cbor", ex.Message);
    }

    [Fact]
    public void A_tampered_component_manifest_is_refused_naming_the_file()
    {
        var pack = Upstream.Open(Upstream.Telegram);
        const string path = "components/ai.greentic.component-qa.manifest.cbor";
        // Grant the QA component state write access, keeping the embedded manifest entry in step so the pack opens.
        var grant = CborMap.Of(("state", CborMap.Of(("read", true), ("write", true))));
        var file = (CborMap)CborDecoder.Decode(pack.Archive[path], "f");
        var caps = (CborMap)file["capabilities"]!;
        var host = ((CborMap)caps["host"]!).With("state", grant["state"]!);
        var forged = CanonicalCbor.Encode(file.With("capabilities", caps.With("host", host)));
        var sbom = new Sbom(pack.Sbom.Files.Select(f => f.Path == path ? Sbom.Entry(path, forged) : f).ToArray());

        // Only the file changed (and its SBOM entry): it no longer agrees with the manifest's entry.
        var mismatch = Assert.ThrowsAny<PackFormatException>(() => GtPack.FromArchive(pack.Archive.With(path, forged).With("sbom.cbor", sbom.Encode()), "forged.gtpack"));
        Assert.Equal($"forged.gtpack: {path} differs from component 'ai.greentic.component-qa' in manifest.cbor (version, world, capabilities or operations)", mismatch.Message);

        // The manifest's entry changed too (and the SBOM fixed up): the content hash in the manifest catches the file.
        var raw = pack.RawManifest;
        var components = (CborArray)raw["components"]!;
        var symbols = (CborArray)((CborMap)raw["symbols"]!)["component_ids"]!;
        int qa = symbols.Items.IndexOf(new CborText("ai.greentic.component-qa"));
        var patched = new CborArray(components.Items.Select(c =>
        {
            var cm = (CborMap)c;
            if (cm["id"] != new CborInteger(qa)) return c;
            var cc = (CborMap)cm["capabilities"]!;
            return cm.With("capabilities", cc.With("host", ((CborMap)cc["host"]!).With("state", grant["state"]!)));
        }));
        var manifest = CanonicalCbor.Encode(raw.With("components", patched));
        var sbom2 = new Sbom(sbom.Files.Select(f => f.Path == "manifest.cbor" ? Sbom.Entry(f.Path, manifest) : f).ToArray());
        var opened = GtPack.FromArchive(pack.Archive.With(path, forged).With("manifest.cbor", manifest).With("sbom.cbor", sbom2.Encode()), "forged.gtpack");
        Assert.True(opened.ComponentManifests["ai.greentic.component-qa"].Grants("state.write"));
        var ex = Assert.Throws<PackVerificationException>(opened.VerifyIntegrity);
        Assert.StartsWith($"forged.gtpack: file '{path}' does not match its content_hash sha256:5f1f1afa", ex.Message);
        Assert.EndsWith("in greentic.pack.component_manifests@v1", ex.Message);
    }

    [Fact]
    public void A_tampered_manifest_is_refused_naming_the_file()
    {
        var pack = Upstream.Open(Upstream.Webchat);
        var manifest = pack.ManifestBytes.ToArray();
        // "0.4.38" → "9.4.38": the version string, changed in place
        int at = manifest.AsSpan().IndexOf("0.4.38"u8);
        manifest[at] = (byte)'9';
        var tampered = GtPack.FromArchive(pack.Archive.With("manifest.cbor", manifest), "tampered.gtpack");
        Assert.Equal("9.4.38", tampered.Manifest.Version);
        var ex = Assert.Throws<PackVerificationException>(tampered.VerifyIntegrity);
        Assert.Equal("tampered.gtpack: file 'manifest.cbor' does not match its BLAKE3 hash in sbom.cbor (modified after the pack was built)", ex.Message);
    }

    [Fact]
    public void Added_and_removed_files_are_refused()
    {
        var pack = Upstream.Open(Upstream.Telegram);
        var added = GtPack.FromArchive(pack.Archive.With("assets/payload.sh", "echo pwned"u8.ToArray()), "added.gtpack");
        Assert.Equal("added.gtpack: file 'assets/payload.sh' is not listed in sbom.cbor (added after the pack was built?)",
            Assert.Throws<PackVerificationException>(added.VerifyIntegrity).Message);
        var removed = GtPack.FromArchive(pack.Archive.Without("fixtures/setup.input.json"), "removed.gtpack");
        Assert.Equal("removed.gtpack: file 'fixtures/setup.input.json' listed in sbom.cbor is missing",
            Assert.Throws<PackVerificationException>(removed.VerifyIntegrity).Message);
        var noWasm = Assert.ThrowsAny<PackFormatException>(() => GtPack.FromArchive(pack.Archive.Without("components/messaging-provider-telegram.wasm"), "nowasm.gtpack"));
        Assert.Equal("nowasm.gtpack: component 'messaging-provider-telegram' has no components/messaging-provider-telegram.wasm", noWasm.Message);
    }

    [Fact]
    public void Upstream_pack_rewritten_by_our_writer_reads_the_same()
    {
        var pack = Upstream.Open(Upstream.Telegram);
        var rewritten = GtPack.Open(GtpackWriter.Write(pack.Archive), "rewritten.gtpack");
        rewritten.VerifyIntegrity();
        Assert.Equal(pack.Manifest.Encode(), rewritten.Manifest.Encode());
        Assert.Equal(Upstream.PackBytes(Upstream.Telegram), pack.Archive.ToBytes().ToArray());
    }

    [Fact]
    public void Upstream_pack_recompressed_by_another_tool_is_refused_without_inflating()
    {
        var ms = new MemoryStream();
        using (var z = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in Upstream.Open(Upstream.Webchat).Archive.Entries)
            {
                using var s = z.CreateEntry(e.Path, System.IO.Compression.CompressionLevel.Optimal).Open();
                s.Write(e.Data.Span);
            }
        var ex = Assert.ThrowsAny<PackFormatException>(() => GtPack.Open(ms.ToArray(), "deflated.gtpack"));
        Assert.Contains("compressed (method 8); .gtpack entries must be stored uncompressed", ex.Message);
    }

    [Fact]
    public void A_hostile_entry_appended_to_an_upstream_pack_is_refused()
    {
        var entries = Upstream.Open(Upstream.Webchat).Archive.Entries.Select(e => new RawZip.Entry(e.Path, e.Data.ToArray())).ToList();
        Assert.Contains("escapes the pack root", Assert.ThrowsAny<PackFormatException>(() =>
            GtPack.Open(RawZip.Build([.. entries, new RawZip.Entry("components/../../etc/cron.d/x", [1])]), "slip.gtpack")).Message);
        Assert.Contains("symbolic link", Assert.ThrowsAny<PackFormatException>(() =>
            GtPack.Open(RawZip.Build([.. entries, new RawZip.Entry("assets/link", "/etc/shadow"u8.ToArray()) { External = 0xA1FFu << 16 }]), "link.gtpack")).Message);
        Assert.Contains("duplicate entry", Assert.ThrowsAny<PackFormatException>(() =>
            GtPack.Open(RawZip.Build([.. entries, new RawZip.Entry("manifest.cbor", [0xa0])]), "dup.gtpack")).Message);
    }
}
