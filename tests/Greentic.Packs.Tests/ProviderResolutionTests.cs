using System.Security.Cryptography;
using Greentic.Packs.Cache;
using Greentic.Packs.Index;
using Greentic.Packs.Locators;
using Greentic.Packs.Manifest;
using Greentic.Packs.Runtime;
using Microsoft.Extensions.Options;

namespace Greentic.Packs.Tests;

/// <summary>
/// The seam for in-process Wasm providers: from a tenant's runtime, provider_type → the component that implements
/// it (wasm, digest, export, world, granted capabilities, secret requirements), loaded the way the control plane
/// loads packs (index → locator → verify → cache → tenant runtime).
/// </summary>
public class ProviderResolutionTests
{
    private static PackRuntimeManager Manager(string cacheDir, bool strict) =>
        new(Options.Create(new PacksOptions { CacheDir = cacheDir, VerifyStrict = strict, PublicKey = TestPacks.Key.PublicKey.ToString() }),
            new PackFetcher(new HttpClient()), new PackCache(cacheDir));

    private static PackIndexEntry UpstreamEntry(string file, string packId) =>
        new(packId, "0.4.38", PackDigest.Sha256(Upstream.PackBytes(file)), new Uri(Upstream.PackPath(file)).AbsoluteUri);

    private static async Task<string> Index(TempDir dir, PackIndex index)
    {
        await File.WriteAllBytesAsync(dir["index.json"], index.ToUtf8());
        return dir["index.json"];
    }

    [Fact]
    public async Task Upstream_packs_load_and_resolve_their_providers()
    {
        using var dir = new TempDir();
        var index = await Index(dir, new PackIndex(new Dictionary<string, TenantPacks>
        {
            ["acme"] = new(UpstreamEntry(Upstream.Telegram, "messaging-telegram"), [UpstreamEntry(Upstream.Webchat, "messaging-webchat")]),
            ["solo"] = new(UpstreamEntry(Upstream.Webchat, "messaging-webchat"), []),
        }));
        var m = Manager(dir["cache"], strict: false);
        var r = await m.ReloadAsync(index);
        Assert.True(r.Success, r.Error);
        Assert.Contains(r.Warnings, w => w.Contains("main_pack 'messaging-telegram'") && w.Contains("the pack is not signed; accepted because PACK_VERIFY_STRICT is off"));

        var acme = m.Current["acme"]!;
        Assert.Equal(["messaging.telegram.bot", "messaging.webchat"], acme.ProviderTypes);
        Assert.Equal(["messaging.webchat"], m.Current["solo"]!.ProviderTypes);

        var tg = acme.ResolveProvider("messaging.telegram.bot")!;
        var pack = Upstream.Open(Upstream.Telegram);
        var wasm = pack.ComponentWasm("messaging-provider-telegram").ToArray();
        Assert.Equal(("messaging-provider-telegram", "0.4.38"), (tg.ComponentId, tg.ComponentVersion));
        Assert.Equal(wasm, tg.Wasm.ToArray());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(wasm)), tg.WasmDigest);
        Assert.Equal(("schema-core-api", "greentic:provider/schema-core@1.0.0"), (tg.Export, tg.World));
        Assert.Equal("TELEGRAM_BOT_TOKEN", Assert.Single(tg.SecretRequirements).Key);
        Assert.Equal(["send", "reply", "qa-spec", "apply-answers", "i18n-keys"], tg.Ops);
        Assert.Equal(("messaging-telegram", "messaging-telegram"), (tg.ProviderPack.PackId, tg.ComponentPack.PackId));
        // Exactly what that component's manifest grants (upstream's pack grants this one no host capability).
        Assert.Equal(pack.ComponentManifests["messaging-provider-telegram"].Capabilities.Names(), tg.Capabilities.Names());
        Assert.False(tg.Capabilities.Wasi.Clocks || tg.Capabilities.Grants("state") || tg.Capabilities.Grants("http"));
        // The compile-cache key is also a cache blob, so get-by-digest serves the component.
        Assert.Equal(wasm, await m.Cache.TryReadAsync(tg.WasmDigest));
        Assert.Same(tg, acme.ResolveProvider("messaging.telegram.bot"));

        var wc = acme.ResolveProvider("messaging.webchat")!;
        Assert.Equal(("messaging-provider-webchat", "messaging-webchat", "WEBCHAT_TOKEN"), (wc.ComponentId, wc.ProviderPack.PackId, wc.SecretRequirements.Single().Key));
        Assert.Null(acme.ResolveProvider("messaging.slack.api"));
        Assert.Null(m.Current["solo"]!.ResolveProvider("messaging.telegram.bot"));
    }

    [Fact]
    public async Task Strict_mode_refuses_unsigned_upstream_packs_and_keeps_the_previous_runtime()
    {
        using var dir = new TempDir();
        var main = UpstreamEntry(Upstream.Telegram, "messaging-telegram");
        var index = await Index(dir, new PackIndex(new Dictionary<string, TenantPacks> { ["acme"] = new(main.SignedWith(TestPacks.Key), []) }));
        var m = Manager(dir["cache"], strict: true);
        var r = await m.ReloadAsync(index);
        Assert.False(r.Success);
        Assert.Equal($"tenant 'acme' main_pack 'messaging-telegram' ({main.Locator}): signature verification failed: the pack is not signed", r.Error);
        Assert.Empty(m.Current.Tenants);
    }

    [Fact]
    public async Task A_provider_runs_the_component_an_overlay_replaces()
    {
        using var dir = new TempDir();
        var caps = TestPacks.Capabilities("""{"wasi": {"clocks": true}, "host": {"http": {"client": true}, "secrets": {"required": []}}}""");
        var main = TestPacks.Manifest("greentic.main", "1.0.0", ["prov"]) with
        {
            Components = [new ComponentManifest { Id = "prov", Version = "1.0.0", World = "greentic:component/component@0.5.0", Capabilities = caps }],
        };
        main = main.WithProviders([new ProviderDecl
        {
            ProviderType = "messaging.demo", Ops = ["send"], ConfigSchemaRef = "",
            Runtime = new ProviderRuntime("prov", "schema-core-api", "greentic:provider/schema-core@1.0.0"),
        }]);
        var overlay = TestPacks.Manifest("greentic.patch", "1.0.1", ["prov"]) with
        {
            Components = [new ComponentManifest { Id = "prov", Version = "1.0.1", World = "greentic:component/component@0.5.0",
                Capabilities = TestPacks.Capabilities("""{"host": {"state": {"read": true, "write": true}}}""") }],
        };
        var mainBytes = TestPacks.Signed(main);
        var overlayBytes = TestPacks.Signed(overlay, wasmSize: 200);
        await File.WriteAllBytesAsync(dir["main.gtpack"], mainBytes);
        await File.WriteAllBytesAsync(dir["patch.gtpack"], overlayBytes);
        var index = await Index(dir, new PackIndex(new Dictionary<string, TenantPacks>
        {
            ["t"] = new(new PackIndexEntry("greentic.main", null, PackDigest.Sha256(mainBytes), "main.gtpack").SignedWith(TestPacks.Key),
                [new PackIndexEntry("greentic.patch", null, PackDigest.Sha256(overlayBytes), "patch.gtpack").SignedWith(TestPacks.Key)]),
            ["u"] = new(new PackIndexEntry("greentic.main", null, PackDigest.Sha256(mainBytes), "main.gtpack").SignedWith(TestPacks.Key), []),
        }));
        var m = Manager(dir["cache"], strict: true);
        var r = await m.ReloadAsync(index);
        Assert.True(r.Success, r.Error);

        var alone = m.Current["u"]!.ResolveProvider("messaging.demo")!;
        Assert.Equal(GtPack.Open(mainBytes, "m").ComponentWasm("prov").ToArray(), alone.Wasm.ToArray());
        Assert.True(alone.Capabilities.Grants("http") && alone.Capabilities.Grants("secrets") && alone.Capabilities.Wasi.Clocks);
        Assert.True(alone.ProviderPack.Signature.Verified);

        var patched = m.Current["t"]!.ResolveProvider("messaging.demo")!;
        Assert.Equal(200, patched.Wasm.Length);
        Assert.Equal("1.0.1", patched.ComponentVersion);
        Assert.Equal(("greentic.main", "greentic.patch"), (patched.ProviderPack.PackId, patched.ComponentPack.PackId));
        Assert.True(patched.Capabilities.Grants("state.write"));
        Assert.False(patched.Capabilities.Grants("http"));
        Assert.NotEqual(alone.WasmDigest, patched.WasmDigest);
        Assert.Equal(m.Current["t"]!.Components["prov"].Digest, patched.WasmDigest);
    }

    [Fact]
    public void A_provider_naming_a_component_the_pack_lacks_is_refused_on_open()
    {
        var m = TestPacks.Manifest().WithProviders([new ProviderDecl
        {
            ProviderType = "messaging.ghost", ConfigSchemaRef = "",
            Runtime = new ProviderRuntime("ghost", "schema-core-api", "greentic:provider/schema-core@1.0.0"),
        }]);
        var ex = Assert.ThrowsAny<PackFormatException>(() => GtPack.Open(TestPacks.Unsigned(m), "ghost.gtpack"));
        Assert.Equal("ghost.gtpack: provider 'messaging.ghost' runs component 'ghost', which the pack does not contain", ex.Message);
    }
}
