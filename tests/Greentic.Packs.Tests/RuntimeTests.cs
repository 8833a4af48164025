using Greentic.Packs.Cache;
using Greentic.Packs.Cbor;
using Greentic.Packs.Index;
using Greentic.Packs.Locators;
using Greentic.Packs.Manifest;
using Greentic.Packs.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Greentic.Packs.Tests;

public class RuntimeTests
{
    private static PackRuntimeManager Manager(string cacheDir, bool strict = true, string? key = null, long cacheMax = 0) =>
        new(Options.Create(new PacksOptions
        {
            CacheDir = cacheDir, VerifyStrict = strict, CacheMaxBytes = cacheMax,
            PublicKey = key ?? TestPacks.Key.PublicKey.ToString(),
        }), new PackFetcher(new HttpClient()), new PackCache(cacheDir));

    private static PackIndexEntry Entry(string name, byte[] bytes, string locator, bool sign = true, string? version = null)
    {
        var e = new PackIndexEntry(name, version, PackDigest.Sha256(bytes), locator);
        return sign ? e.SignedWith(TestPacks.Key) : e;
    }

    private static async Task<string> WriteIndexAsync(TempDir dir, params (string Tenant, PackIndexEntry Main, PackIndexEntry[] Overlays)[] tenants)
    {
        var idx = new PackIndex(tenants.ToDictionary(t => t.Tenant, t => new TenantPacks(t.Main, t.Overlays)));
        var path = dir["index.json"];
        await File.WriteAllBytesAsync(path, idx.ToUtf8());
        return path;
    }

    private static byte[] Pack(string id, string version, string[] comps, (string, string)[] flows) =>
        TestPacks.Signed(TestPacks.Manifest(id, version, comps, flows));

    [Fact]
    public async Task Round_trip_build_sign_index_serve_over_http_reload_status()
    {
        using var dir = new TempDir();
        var main = Pack("greentic.main", "1.0.0", ["echo", "router"], [("welcome", "main-welcome"), ("help", "main-help")]);
        var o1 = Pack("greentic.o1", "1.1.0", ["echo"], [("welcome", "o1-welcome")]);
        var o2 = Pack("greentic.o2", "2.0.0", ["extra"], [("welcome", "o2-welcome"), ("bye", "o2-bye")]);
        Directory.CreateDirectory(dir["www/packs"]);
        await File.WriteAllBytesAsync(dir["www/packs/main.gtpack"], main);
        await File.WriteAllBytesAsync(dir["www/packs/o1.gtpack"], o1);
        await File.WriteAllBytesAsync(dir["www/packs/o2.gtpack"], o2);
        var idx = new PackIndex(new Dictionary<string, TenantPacks>
        {
            ["demo"] = new(Entry("greentic.main", main, "packs/main.gtpack", version: "1.0.0"),
                [Entry("greentic.o1", o1, "packs/o1.gtpack"), Entry("greentic.o2", o2, "packs/o2.gtpack")]),
        });
        await File.WriteAllBytesAsync(dir["www/index.json"], idx.ToUtf8());
        await using var server = await LocalHttpServer.StartAsync(dir["www"]);

        var m = Manager(dir["cache"]);
        var r = await m.ReloadAsync(server.BaseUrl + "/index.json");
        Assert.True(r.Success, r.Error);
        Assert.Empty(r.Warnings);

        var status = m.GetStatus();
        var t = Assert.Single(status.Tenants);
        Assert.Equal(("demo", "greentic.main", "1.0.0", PackDigest.Sha256(main)), (t.Tenant, t.PackId, t.Version, t.Digest));
        Assert.Equal(["greentic.o1", "greentic.o2"], t.Overlays.Select(o => o.PackId));
        Assert.NotNull(status.LastReload);
        Assert.Null(status.LastError);
        var json = status.ToJson();
        Assert.Equal("greentic.main", (string?)json["tenants"]![0]!["pack_id"]);
        Assert.Equal("greentic.o2", (string?)json["tenants"]![0]!["overlays"]![1]!["pack_id"]);
        Assert.EndsWith("Z", (string?)json["last_reload"]);
        Assert.Null(json["last_error"]);

        var rt = m.Current["demo"]!;
        // Overlays take precedence in order: o2 > o1 > main on the same flow id.
        Assert.Contains("o2-welcome", rt.Flows["welcome"].Flow.FlowJson);
        Assert.Equal("greentic.o2", rt.Flows["welcome"].Source.PackId);
        Assert.Equal("greentic.main", rt.Flows["help"].Source.PackId);
        Assert.Equal("greentic.o2", rt.Flows["bye"].Source.PackId);
        Assert.Equal("greentic.o1", rt.Components["echo"].Source.PackId);
        Assert.Equal("greentic.main", rt.Components["router"].Source.PackId);
        Assert.True(rt.Components["echo"].Manifest.Grants("state"));
        Assert.True(rt.Main.Signature.Verified);

        // Everything is cached by digest; a second reload of digest-pinned entries needs only the index.
        foreach (var p in new[] { main, o1, o2 }) Assert.True(m.Cache.Contains(PackDigest.Sha256(p)));
        int before = server.Requests;
        Assert.True((await m.ReloadAsync(server.BaseUrl + "/index.json")).Success);
        Assert.Equal(before + 1, server.Requests);
        Assert.Equal(m.Current["demo"]!.Main.Digest, PackDigest.Sha256(main));
        Assert.Equal("greentic.main", m.ResolveRef("greentic.main@1.0.0")!.PackId);
        Assert.Equal("greentic.o2", m.ResolveRef(PackDigest.Sha256(o2))!.PackId);
    }

    [Fact]
    public async Task Round_trip_from_pack_yaml_source_through_builder_signing_index_http_and_reload()
    {
        using var dir = new TempDir();
        BuilderTests.WriteSource(dir["src"]);
        Directory.CreateDirectory(dir["www"]);
        var bytes = Building.PackBuilder.BuildToFile(dir["src"], dir["www/telegram.gtpack"], TestPacks.Key);
        var index = new PackIndex(new Dictionary<string, TenantPacks>
        {
            ["acme"] = new(new PackIndexEntry("greentic.telegram", "0.4.2", PackDigest.Sha256(bytes), "telegram.gtpack").SignedWith(TestPacks.Key), []),
        });
        await File.WriteAllBytesAsync(dir["www/index.json"], index.ToUtf8());
        await using var server = await LocalHttpServer.StartAsync(dir["www"]);
        var m = Manager(dir["cache"]);
        var r = await m.ReloadAsync(server.BaseUrl + "/index.json");
        Assert.True(r.Success, r.Error);
        var t = Assert.Single(m.GetStatus().Tenants);
        Assert.Equal(("acme", "greentic.telegram", "0.4.2", PackDigest.Sha256(bytes)), (t.Tenant, t.PackId, t.Version, t.Digest));
        var rt = m.Current["acme"]!;
        Assert.Equal("messaging-provider-telegram", rt.Providers["messaging.telegram.bot"].Provider.Runtime.ComponentRef);
        Assert.True(rt.Components["state-helper"].Manifest.Grants("state"));
        Assert.Equal(bytes.Length, m.Cache.GetInfo(t.Digest)!.SizeBytes);

        // Distributor view: resolve-component, then get-by-digest from the same cache.
        var res = m.ResolveComponent("acme", "greentic.telegram", "messaging-provider-telegram")!;
        Assert.Equal(("ready", "file"), (res.Status, res.ArtifactKind));
        Assert.True(res.Signature.Verified);
        Assert.Equal("TELEGRAM_BOT_TOKEN", res.SecretRequirements.Single().Key);
        Assert.Equal(res.Component.Wasm.ToArray(), await File.ReadAllBytesAsync(res.ArtifactValue));
        Assert.Equal(res.Component.Wasm.ToArray(), await m.Cache.TryReadAsync(res.Digest));
        Assert.Equal(res.Component.Wasm.Length, res.Cache!.SizeBytes);
        Assert.Null(m.ResolveComponent("acme", "other.pack", "messaging-provider-telegram"));
        Assert.Null(m.ResolveComponent("nobody", null, "messaging-provider-telegram"));
        Assert.Null(m.ResolveComponent("acme", null, "messaging-provider-telegram", "9.9.9"));

        // A component blob removed from the cache is reported as absent, never as the pack file's path.
        File.Delete(res.ArtifactValue);
        var missing = m.ResolveComponent("acme", "greentic.telegram", "messaging-provider-telegram")!;
        Assert.Null(missing.Cache);
        Assert.Equal("", missing.ArtifactValue);
        Assert.Equal(res.Digest, missing.Digest);
    }

    [Fact]
    public async Task Failed_reload_keeps_the_previous_snapshot_and_records_last_error()
    {
        using var dir = new TempDir();
        var good = Pack("greentic.a", "1.0.0", ["echo"], [("f", "good")]);
        await File.WriteAllBytesAsync(dir["a.gtpack"], good);
        var index = await WriteIndexAsync(dir, ("t1", Entry("greentic.a", good, "a.gtpack"), []));
        var m = Manager(dir["cache"]);
        Assert.True((await m.ReloadAsync(index)).Success);
        var snapshot = m.Current;

        // Tenant t2's pack has a wrong digest: the whole reload fails, t1 stays as it was (nothing half loaded).
        var other = Pack("greentic.b", "1.0.0", ["echo"], [("f", "other")]);
        await File.WriteAllBytesAsync(dir["b.gtpack"], other);
        var newA = Pack("greentic.a", "2.0.0", ["echo"], [("f", "new")]);
        await File.WriteAllBytesAsync(dir["a2.gtpack"], newA);
        var wrong = Entry("greentic.b", TestPacks.Unsigned(), "b.gtpack");
        await WriteIndexAsync(dir, ("t1", Entry("greentic.a", newA, "a2.gtpack"), []), ("t2", wrong, []));
        var r = await m.ReloadAsync(index);
        Assert.False(r.Success);
        Assert.Contains("digest mismatch", r.Error);
        Assert.Contains("tenant 't2'", r.Error);
        Assert.Same(snapshot, m.Current);
        Assert.Equal("1.0.0", m.GetStatus().Tenants.Single().Version);
        Assert.Equal(r.Error, m.GetStatus().LastError);

        // Fixing the index recovers and clears last_error.
        await WriteIndexAsync(dir, ("t1", Entry("greentic.a", newA, "a2.gtpack"), []), ("t2", Entry("greentic.b", other, "b.gtpack"), []));
        Assert.True((await m.ReloadAsync(index)).Success);
        Assert.Null(m.GetStatus().LastError);
        Assert.Equal(["t1", "t2"], m.GetStatus().Tenants.Select(t => t.Tenant));
        Assert.Equal("2.0.0", m.Current["t1"]!.Main.Version);
    }

    [Fact]
    public async Task Strict_mode_refuses_missing_and_bad_signatures_non_strict_warns_on_missing_only()
    {
        using var dir = new TempDir();
        var signed = TestPacks.Signed();
        var unsignedPack = TestPacks.Unsigned();
        await File.WriteAllBytesAsync(dir["s.gtpack"], signed);
        await File.WriteAllBytesAsync(dir["u.gtpack"], unsignedPack);

        // Entry without signature.
        var index = await WriteIndexAsync(dir, ("t", Entry("greentic.demo", signed, "s.gtpack", sign: false), []));
        var strict = await Manager(dir["c1"]).ReloadAsync(index);
        Assert.False(strict.Success);
        Assert.Contains("no signature", strict.Error);
        var lax = await Manager(dir["c2"], strict: false).ReloadAsync(index);
        Assert.True(lax.Success, lax.Error);
        Assert.Contains(lax.Warnings, w => w.Contains("PACK_VERIFY_STRICT is off"));

        // Entry signed by another key: refused in both modes.
        var badEntry = new PackIndexEntry("greentic.demo", null, PackDigest.Sha256(signed), "s.gtpack").SignedWith(TestPacks.OtherKey);
        await WriteIndexAsync(dir, ("t", badEntry, []));
        Assert.Contains("does not verify", (await Manager(dir["c3"]).ReloadAsync(index)).Error);
        Assert.Contains("does not verify", (await Manager(dir["c4"], strict: false).ReloadAsync(index)).Error);

        // Unsigned pack manifest (entry signed): strict refuses, non-strict warns.
        await WriteIndexAsync(dir, ("t", Entry("greentic.demo", unsignedPack, "u.gtpack"), []));
        Assert.Contains("not signed", (await Manager(dir["c5"]).ReloadAsync(index)).Error);
        var laxUnsigned = await Manager(dir["c6"], strict: false).ReloadAsync(index);
        Assert.True(laxUnsigned.Success);
        Assert.False(laxUnsigned.Snapshot["t"]!.Main.Signature.Verified);

        // Strict without a key configured refuses everything.
        var noKey = new PackRuntimeManager(Options.Create(new PacksOptions { CacheDir = dir["c7"], VerifyStrict = true }),
            new PackFetcher(new HttpClient()), new PackCache(dir["c7"]));
        Assert.Contains("no PACK_PUBLIC_KEY", (await noKey.ReloadAsync(index)).Error);
    }

    [Fact]
    public async Task Component_swapped_after_signing_is_refused_at_reload()
    {
        using var dir = new TempDir();
        var pack = GtPack.Open(TestPacks.Signed(), "p");
        var swapped = Archive.GtpackWriter.Write(pack.Archive.With("components/echo.wasm", TestPacks.Wasm("evil", 64)));
        await File.WriteAllBytesAsync(dir["x.gtpack"], swapped);
        var index = await WriteIndexAsync(dir, ("t", Entry("greentic.demo", swapped, "x.gtpack"), []));
        var m = Manager(dir["cache"]);
        var r = await m.ReloadAsync(index);
        Assert.False(r.Success);
        Assert.Contains("components/echo.wasm", r.Error);
        Assert.Empty(m.Current.Tenants);
        Assert.False(m.Cache.Contains(PackDigest.Sha256(swapped)));
    }

    [Fact]
    public async Task Version_only_entries_and_name_checks()
    {
        using var dir = new TempDir();
        var p = TestPacks.Signed();
        await File.WriteAllBytesAsync(dir["p.gtpack"], p);
        var index = dir["index.json"];
        await File.WriteAllTextAsync(index, """{"t": {"main_pack": {"name": "greentic.demo", "version": "1.0.0", "locator": "p.gtpack"}}}""");
        var lax = Manager(dir["c"], strict: false);
        Assert.True((await lax.ReloadAsync(index)).Success);
        await File.WriteAllTextAsync(index, """{"t": {"main_pack": {"name": "greentic.demo", "version": "2.0.0", "locator": "p.gtpack"}}}""");
        Assert.Contains("version 2.0.0", (await lax.ReloadAsync(index)).Error);
        await File.WriteAllTextAsync(index, """{"t": {"main_pack": {"name": "someone.else", "version": "1.0.0", "locator": "p.gtpack"}}}""");
        Assert.Contains("'someone.else'", (await lax.ReloadAsync(index)).Error);
        await File.WriteAllTextAsync(index, """{"t": {"main_pack": {"name": "x", "version": "1.0.0", "locator": "s3://bucket/p.gtpack"}}}""");
        Assert.Contains("unsupported locator", (await lax.ReloadAsync(index)).Error);
    }

    [Fact]
    public async Task Oci_layout_locator_loads()
    {
        using var dir = new TempDir();
        var p = TestPacks.Signed();
        OciLayout.Write(dir["oci"], p, "1.0.0");
        var index = await WriteIndexAsync(dir, ("t", Entry("greentic.demo", p, "oci-layout:oci:1.0.0"), []));
        var r = await Manager(dir["c"]).ReloadAsync(index);
        Assert.True(r.Success, r.Error);
        Assert.Equal("greentic.demo", r.Snapshot["t"]!.Main.PackId);
    }

    [Fact]
    public async Task Concurrent_readers_always_see_a_whole_snapshot()
    {
        using var dir = new TempDir();
        var a = Pack("greentic.a", "1.0.0", ["echo"], [("f", "a")]);
        var b = Pack("greentic.a", "2.0.0", ["echo"], [("f", "b")]);
        await File.WriteAllBytesAsync(dir["a.gtpack"], a);
        await File.WriteAllBytesAsync(dir["b.gtpack"], b);
        var index = dir["index.json"];
        var m = Manager(dir["c"]);
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long seen = 0;
        var reader = Task.Run(() =>
        {
            started.TrySetResult();
            while (!cts.IsCancellationRequested)
            {
                var s = m.Current;
                foreach (var t in s.Tenants.Values)
                {
                    // Each tenant's merged view always comes from its own packs.
                    Assert.Same(t.Main, t.Flows["f"].Source);
                    Assert.Equal(t.Main.Version == "1.0.0" ? "a" : "b", t.Flows["f"].Flow.FlowJson.Contains("\"a\"") ? "a" : "b");
                    Interlocked.Increment(ref seen);
                }
            }
        });
        await started.Task;
        for (int i = 0; i < 10; i++)
        {
            var (bytes, loc) = i % 2 == 0 ? (a, "a.gtpack") : (b, "b.gtpack");
            var idx = new PackIndex(Enumerable.Range(0, 5).ToDictionary(n => $"t{n}", _ => new TenantPacks(Entry("greentic.a", bytes, loc), [])));
            await File.WriteAllBytesAsync(index, idx.ToUtf8());
            Assert.True((await m.ReloadAsync(index)).Success);
        }
        // The reader may be descheduled for the whole reload loop on a busy machine: let it see the last snapshot.
        var until = DateTime.UtcNow.AddSeconds(30);
        while (Interlocked.Read(ref seen) == 0 && DateTime.UtcNow < until && !reader.IsCompleted) await Task.Delay(10);
        cts.Cancel();
        await reader;
        Assert.True(Interlocked.Read(ref seen) > 0);
    }

    [Fact]
    public async Task Cache_budget_evicts_unpinned_blobs_after_reload()
    {
        using var dir = new TempDir();
        var cache = new PackCache(dir["c"]);
        var junk = await cache.PutAsync(new byte[50_000]);
        var p = TestPacks.Signed();
        await File.WriteAllBytesAsync(dir["p.gtpack"], p);
        var index = await WriteIndexAsync(dir, ("t", Entry("greentic.demo", p, "p.gtpack"), []));
        var m = Manager(dir["c"], cacheMax: 10_000);
        Assert.True((await m.ReloadAsync(index)).Success);
        Assert.False(m.Cache.Contains(junk));
        Assert.True(m.Cache.Contains(PackDigest.Sha256(p)));
        Assert.NotNull(m.ResolveComponent("t", null, "echo")!.Cache); // component blobs are pinned too
    }

    [Fact]
    public void Options_bind_from_environment_style_keys()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PACK_INDEX_URL"] = "http://127.0.0.1:1/index.json",
            ["PACK_SOURCE"] = "http",
            ["PACK_CACHE_DIR"] = "/tmp/x",
            ["PACK_PUBLIC_KEY"] = TestPacks.Key.PublicKey + "," + TestPacks.OtherKey.PublicKey,
            ["PACK_VERIFY_STRICT"] = "true",
            ["PACK_REFRESH_INTERVAL"] = "5m",
            ["Packs:CacheMaxBytes"] = "1000",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddGreenticPacks(config).BuildServiceProvider();
        var o = services.GetRequiredService<IOptions<PacksOptions>>().Value;
        Assert.Equal("http://127.0.0.1:1/index.json", o.IndexLocation);
        Assert.Equal("http", o.SourceKind);
        Assert.Equal("/tmp/x", o.CacheDir);
        Assert.True(o.VerifyStrict);
        Assert.Equal(TimeSpan.FromMinutes(5), o.RefreshInterval);
        Assert.Equal(1000, o.CacheMaxBytes);
        Assert.Equal(2, o.TrustedKeys().Count);
        Assert.NotNull(services.GetRequiredService<PackRuntimeManager>());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is PackWatcher);
        Assert.Equal(TimeSpan.FromSeconds(30), new PacksOptions().RefreshInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), PacksOptions.ParseInterval("250ms"));
        Assert.Equal(TimeSpan.FromSeconds(45), PacksOptions.ParseInterval("45"));
        Assert.Equal(TimeSpan.FromMinutes(1), PacksOptions.ParseInterval("00:01:00"));
        Assert.Throws<FormatException>(() => PacksOptions.ParseInterval("soon"));
    }

    [Fact]
    public async Task Watcher_reloads_on_start_and_on_its_interval()
    {
        using var dir = new TempDir();
        var a = Pack("greentic.a", "1.0.0", ["echo"], [("f", "a")]);
        var b = Pack("greentic.a", "2.0.0", ["echo"], [("f", "b")]);
        await File.WriteAllBytesAsync(dir["a.gtpack"], a);
        await File.WriteAllBytesAsync(dir["b.gtpack"], b);
        var index = await WriteIndexAsync(dir, ("t", Entry("greentic.a", a, "a.gtpack"), []));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PACK_INDEX_URL"] = index, ["PACK_CACHE_DIR"] = dir["c"], ["PACK_PUBLIC_KEY"] = TestPacks.Key.PublicKey.ToString(),
            ["PACK_VERIFY_STRICT"] = "1", ["PACK_REFRESH_INTERVAL"] = "100ms",
        }).Build();
        var sp = new ServiceCollection().AddLogging().AddGreenticPacks(config).BuildServiceProvider();
        var watcher = sp.GetServices<IHostedService>().OfType<PackWatcher>().Single();
        var m = sp.GetRequiredService<PackRuntimeManager>();
        await watcher.StartAsync(default);
        try
        {
            await WaitFor(() => m.Current["t"]?.Main.Version == "1.0.0");
            await WriteIndexAsync(dir, ("t", Entry("greentic.a", b, "b.gtpack"), []));
            await WaitFor(() => m.Current["t"]?.Main.Version == "2.0.0");
        }
        finally { await watcher.StopAsync(default); }
    }

    private static async Task WaitFor(Func<bool> cond)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (!cond())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met in 15 s");
            await Task.Delay(20);
        }
    }
}
