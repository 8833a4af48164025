using Greentic.Distributor.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>
/// get-by-digest and warm-pack against the real cache on disk: a missing blob is rebuilt from the verified pack, a
/// corrupted blob never passes as a complete answer (DATA_LOSS, then healed), and a cancelled stream leaves the
/// server serving.
/// </summary>
[Collection(PacksControlPlaneCollection.Name)]
public sealed class DistributorCacheTests(PacksControlPlane cp)
{
    private string BlobPath(string digest) => Path.Combine(cp.CacheDir, "blobs", "sha256", digest[7..]);

    private async Task<BuiltPack> LoadAsync(string seed, int wasmSize)
    {
        var pack = cp.Builder.Build("acme.cached", "1.0.0", new Dictionary<string, int> { ["big"] = wasmSize, ["small"] = 100 },
            new Dictionary<string, string> { ["welcome"] = seed }, seed: seed);
        cp.PublishIndex(("acme", pack, []));
        await cp.ReloadAsync(PacksControlPlane.Loaded("acme", pack));
        return pack;
    }

    [Fact]
    public async Task Warm_pack_restores_blobs_missing_from_the_cache()
    {
        var pack = await LoadAsync("warm", 70_000);
        var big = DistributorCalls.Sha256(pack.Wasm["big"]);
        var small = DistributorCalls.Sha256(pack.Wasm["small"]);
        foreach (var d in new[] { pack.Digest, big, small })
        {
            Assert.True(File.Exists(BlobPath(d)), $"reload should have cached {d}");
            File.Delete(BlobPath(d));
        }
        using var channel = cp.Channel();
        var acme = new DistributorCalls(cp, channel, "acme");
        await acme.WarmPackAsync("acme.cached");
        Assert.Equal(pack.Bytes, await File.ReadAllBytesAsync(BlobPath(pack.Digest)));
        Assert.Equal(pack.Wasm["big"], await File.ReadAllBytesAsync(BlobPath(big)));
        Assert.Equal(pack.Wasm["small"], await File.ReadAllBytesAsync(BlobPath(small)));

        // get-by-digest rebuilds a missing blob too, and resolve-component reports it in the cache again.
        File.Delete(BlobPath(big));
        Assert.Equal(pack.Wasm["big"], await acme.GetByDigestAsync(big));
        File.Delete(BlobPath(small));
        var resolved = await acme.ResolveComponentAsync("small");
        Assert.Equal(BlobPath(small), resolved.ArtifactLocation.Value);
        Assert.Equal(100UL, resolved.CacheInfo.SizeBytes);
    }

    [Fact]
    public async Task A_corrupted_blob_ends_the_stream_with_data_loss_and_the_next_call_is_healed()
    {
        var pack = await LoadAsync("corrupt", 150_000);
        var big = DistributorCalls.Sha256(pack.Wasm["big"]);
        var damaged = (byte[])pack.Wasm["big"].Clone();
        damaged[^10] ^= 0x40;
        await File.WriteAllBytesAsync(BlobPath(big), damaged);

        using var channel = cp.Channel();
        var acme = new DistributorCalls(cp, channel, "acme");
        var ex = await Assert.ThrowsAsync<RpcException>(() => acme.GetByDigestAsync(big));
        Assert.Equal(StatusCode.DataLoss, ex.StatusCode);
        Assert.Contains(big, ex.Status.Detail);

        var healed = await acme.GetByDigestAsync(big);
        Assert.Equal(big, DistributorCalls.Sha256(healed));
    }

    [Fact]
    public async Task A_cancelled_stream_ends_cleanly_and_the_server_keeps_serving()
    {
        var pack = await LoadAsync("cancel", 4_000_000);
        var big = DistributorCalls.Sha256(pack.Wasm["big"]);
        using var channel = cp.Channel();
        var client = new DistributorService.DistributorServiceClient(channel.Invoker);
        using var cts = new CancellationTokenSource();
        using (var call = client.GetByDigest(new GetByDigestRequest { Ctx = new DistributorCalls(cp, channel, "acme").Ctx, Digest = big },
                   cp.BearerFor("acme"), DateTime.UtcNow.AddSeconds(60), cts.Token))
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(4_000_000UL, call.ResponseStream.Current.TotalSize);
            Assert.Equal(0UL, call.ResponseStream.Current.Offset);
            await cts.CancelAsync();
            var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
            });
            Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        }
        var acme = new DistributorCalls(cp, channel, "acme");
        Assert.Equal(pack.Wasm["big"], await acme.GetByDigestAsync(big));
    }
}
