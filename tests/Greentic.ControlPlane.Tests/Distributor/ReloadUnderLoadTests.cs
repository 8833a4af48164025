using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Greentic.Admin.V1;
using Greentic.Packs.Index;
using Greentic.Packs.Signing;
using Xunit.Abstractions;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>
/// The packs issue's "reload under load": while several clients call DistributorService continuously, 100 reloads
/// through POST /admin/packs/reload alternate good and bad indexes. No call may fail, and after every reload the
/// status (HTTP and AdminService) names the last good snapshot, with last_error set after a bad one.
/// </summary>
[Collection(PacksControlPlaneCollection.Name)]
public sealed class ReloadUnderLoadTests(PacksControlPlane cp, ITestOutputHelper output)
{
    private const int Reloads = 100;
    private const int ClientLoops = 4;

    [Fact]
    public async Task Hundred_reloads_alternating_good_and_bad_indexes_fail_no_call_and_status_names_the_last_good_snapshot()
    {
        var flows = new Dictionary<string, string> { ["welcome"] = "load" };
        var main = cp.Builder.Build("acme.core", "1.0.0", new Dictionary<string, int> { ["echo"] = 100_000, ["router"] = 2_000 }, flows, seed: "load");
        var goodA = cp.Builder.Build("acme.feature", "1.0.0", new Dictionary<string, int> { ["extra"] = 5_000 }, flows, seed: "load-a");
        var goodB = cp.Builder.Build("acme.feature", "1.1.0", new Dictionary<string, int> { ["extra"] = 6_000 }, flows, seed: "load-b");
        var foreignKey = Ed25519PrivateKey.Generate();
        var foreignSigned = new TestPackBuilder(Path.Combine(cp.Dir, "foreign"), foreignKey)
            .Build("acme.feature", "9.0.0", new Dictionary<string, int> { ["extra"] = 5_000 }, flows, seed: "load-foreign");
        cp.Packs.Publish(foreignSigned.FileName, foreignSigned.Bytes);
        var bad = new BadIndexes(cp, main, goodA, foreignSigned, foreignKey);

        cp.PublishIndex(("acme", main, [goodA]));
        await cp.ReloadAsync(Good(main, goodA));

        var echoDigest = DistributorCalls.Sha256(main.Wasm["echo"]);
        var extraDigests = new HashSet<string> { DistributorCalls.Sha256(goodA.Wasm["extra"]), DistributorCalls.Sha256(goodB.Wasm["extra"]) };
        var featureDigests = new HashSet<string> { goodA.Digest, goodB.Digest };
        var failures = new ConcurrentQueue<string>();
        var latencies = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();

        async Task ClientLoop(int id)
        {
            using var channel = cp.Channel();
            var acme = new DistributorCalls(cp, channel, "acme");
            var steps = new Func<Task<string?>>[]
            {
                async () => (await acme.ResolveComponentAsync("echo")).Digest == echoDigest ? null : "echo resolved to another digest",
                async () => DistributorCalls.Sha256(await acme.GetByDigestAsync(echoDigest)) == echoDigest ? null : "echo bytes do not match",
                async () => extraDigests.Contains((await acme.ResolveComponentAsync("extra")).Digest) ? null : "extra is from neither good snapshot",
                async () => featureDigests.Contains((await acme.ResolveRefAsync("acme.feature")).Digest) ? null : "acme.feature is neither good pack",
                async () => (await acme.PackStatusV2Async("acme.core")).Status == "ready" ? null : "acme.core is not ready",
                async () => (await acme.GetByDigestAsync(main.Digest)).AsSpan().SequenceEqual(main.Bytes) ? null : "acme.core bytes differ",
            };
            for (long n = id; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await steps[n % steps.Length]() is { } wrong) failures.Enqueue($"loop {id}, call {n}: {wrong}");
                }
                catch (Exception e)
                {
                    failures.Enqueue($"loop {id}, call {n}: {e.GetType().Name}: {e.Message}");
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        int indexFetchesBefore = cp.Packs.Hits(PacksControlPlane.IndexPath);
        var loops = Enumerable.Range(0, ClientLoops).Select(i => Task.Run(() => ClientLoop(i))).ToArray();
        var clock = Stopwatch.StartNew();
        using var adminChannel = cp.Channel();
        var admin = new AdminService.AdminServiceClient(adminChannel.Invoker);
        var lastGood = goodA;
        var errors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        try
        {
            for (int i = 0; i < Reloads; i++)
            {
                if (i % 2 == 0)
                {
                    lastGood = lastGood == goodA ? goodB : goodA;
                    cp.PublishIndex(("acme", main, [lastGood]));
                    await cp.ReloadAsync(Good(main, lastGood));
                }
                else
                {
                    var (kind, index) = bad.Next(i);
                    cp.Packs.Publish(PacksControlPlane.IndexPath, index);
                    var status = await cp.ReloadAsync(s => s["last_error"] is not null);
                    var error = (string)status["last_error"]!;
                    errors.TryAdd(kind, error);
                    Assert.True(Names(status, main, lastGood), $"after bad reload {i} ({kind}) the status must name the last good snapshot: {status.ToJsonString()}");
                    var grpc = await admin.GetPackStatusAsync(new GetPackStatusRequest(), null, DateTime.UtcNow.AddSeconds(60)).ResponseAsync;
                    var tenant = grpc.Tenants.Single(t => t.Tenant == "acme");
                    Assert.Equal((main.Digest, lastGood.Digest), (tenant.Digest, tenant.Overlays.Single().Digest));
                    Assert.Equal(error, grpc.LastError);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
        clock.Stop();

        Assert.True(failures.IsEmpty, $"{failures.Count} failed calls during reloads, e.g.:\n{string.Join('\n', failures.Take(5))}");
        Assert.True(latencies.Count >= ClientLoops, $"the clients made only {latencies.Count} calls");
        Assert.True(errors.Keys.Select(k => k.Split(" at ")[0]).Distinct().Count() == BadIndexes.Kinds, $"every kind of bad index must have been refused; saw:\n{string.Join('\n', errors)}");
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"{Reloads} reloads in {clock.Elapsed.TotalSeconds:F1} s ({Reloads / clock.Elapsed.TotalSeconds:F1}/s, each POST → status observed); " +
                         $"{sorted.Length} distributor calls from {ClientLoops} loops, 0 failed ({sorted.Length / clock.Elapsed.TotalSeconds:F0} calls/s); " +
                         $"latency p50 {sorted[sorted.Length / 2]:F2} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F2} ms, max {sorted[^1]:F2} ms");
        output.WriteLine($"pack server (HTTP peer): {cp.Packs.Hits(PacksControlPlane.IndexPath) - indexFetchesBefore} index fetches for {Reloads} reloads");
        foreach (var (kind, error) in errors) output.WriteLine($"{kind} → {error}");
    }

    private static Func<JsonObject, bool> Good(BuiltPack main, BuiltPack overlay) => s => s["last_error"] is null && Names(s, main, overlay);

    private static bool Names(JsonObject status, BuiltPack main, BuiltPack overlay) =>
        status["tenants"]!.AsArray().SingleOrDefault(t => (string?)t!["tenant"] == "acme") is { } t &&
        (string?)t["digest"] == main.Digest &&
        t["overlays"]!.AsArray() is [{ } o] && (string?)o["digest"] == overlay.Digest;

    /// <summary>Indexes that must each be refused, in turn; the main pack entry stays valid in all of them.</summary>
    private sealed class BadIndexes(PacksControlPlane cp, BuiltPack main, BuiltPack overlay, BuiltPack foreignSigned, Ed25519PrivateKey foreignKey)
    {
        public const int Kinds = 8;

        private static readonly string[] Labels =
        [
            "malformed json", "pack not found over http", "digest mismatch", "index signature by an untrusted key",
            "one flipped byte", "index name differs from the pack", "manifest signed by an untrusted key", "unsigned index entry (strict)",
        ];

        public (string Kind, byte[] Index) Next(int reload)
        {
            var kind = (reload / 2) % Kinds;
            var label = Labels[kind];
            PackIndexEntry entry;
            switch (kind)
            {
                case 0:
                    return (label, Encoding.UTF8.GetBytes("{\"acme\": {\"main_pack\": "));
                case 1:
                    entry = new PackIndexEntry(overlay.PackId, null, PackDigest.Sha256(Encoding.UTF8.GetBytes($"missing {reload}")), "packs/missing.gtpack").SignedWith(cp.PackKey);
                    return (label, Index(entry));
                case 2:
                    entry = new PackIndexEntry(overlay.PackId, null, PackDigest.Sha256(Encoding.UTF8.GetBytes($"other {reload}")), overlay.FileName).SignedWith(cp.PackKey);
                    return (label, Index(entry));
                case 3:
                    entry = overlay.Entry(foreignKey);
                    return (label, Index(entry));
                case 4:
                    var flipped = (byte[])overlay.Bytes.Clone();
                    // Spread over the file: local header, names, manifest, component data, central directory, end record.
                    int[] positions = [0, 31, flipped.Length / 3, flipped.Length / 2, flipped.Length - 60, flipped.Length - 1];
                    var at = positions[(reload / (2 * Kinds)) % positions.Length];
                    flipped[at] ^= (byte)(1 << (reload % 8));
                    var path = $"packs/flipped-{reload}.gtpack";
                    cp.Packs.Publish(path, flipped);
                    entry = new PackIndexEntry(overlay.PackId, null, PackDigest.Sha256(flipped), path).SignedWith(cp.PackKey);
                    return ($"{label} at {at} of {flipped.Length}", Index(entry));
                case 5:
                    entry = new PackIndexEntry("acme.impostor", null, overlay.Digest, overlay.FileName).SignedWith(cp.PackKey);
                    return (label, Index(entry));
                case 6:
                    return (label, Index(foreignSigned.Entry(cp.PackKey)));
                default:
                    entry = overlay.Entry(cp.PackKey) with { Signature = null };
                    return (label, Index(entry));
            }
        }

        private byte[] Index(PackIndexEntry overlayEntry) =>
            new PackIndex(new Dictionary<string, TenantPacks> { ["acme"] = new(main.Entry(cp.PackKey), [overlayEntry]) }).ToUtf8();
    }
}
