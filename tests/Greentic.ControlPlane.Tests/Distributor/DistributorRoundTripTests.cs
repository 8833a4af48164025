using System.Text.Json.Nodes;
using Greentic.Admin.V1;
using Greentic.Distributor.V1;
using Greentic.Packs.Index;
using Grpc.Core;
using AdminStatusRequest = Greentic.Admin.V1.GetPackStatusRequest;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>
/// The packs issue's round trip, end to end: build → sign → index → serve over HTTP → reload (POST /admin/packs/reload)
/// → status (HTTP and AdminService) shows it → DistributorService resolves it and get-by-digest returns the bytes.
/// </summary>
[Collection(PacksControlPlaneCollection.Name)]
public sealed class DistributorRoundTripTests(PacksControlPlane cp)
{
    private static readonly Dictionary<string, string> NoFlows = [];

    [Fact]
    public async Task Built_signed_indexed_pack_served_over_http_is_reloaded_shown_resolved_and_fetched_by_digest()
    {
        var main = cp.Builder.Build("acme.main", "1.0.0", new Dictionary<string, int> { ["echo"] = 200_000, ["router"] = 1_000 },
            new Dictionary<string, string> { ["welcome"] = "main-welcome", ["help"] = "main-help" }, seed: "round-trip", secretKey: "MAIN_TOKEN");
        var overlay = cp.Builder.Build("acme.extras", "1.2.0", new Dictionary<string, int> { ["extra"] = 3_000 },
            new Dictionary<string, string> { ["welcome"] = "extras-welcome" }, seed: "round-trip", secretKey: "EXTRAS_TOKEN");
        cp.PublishIndex(("acme", main, [overlay]));

        var http = await cp.ReloadAsync(PacksControlPlane.Loaded("acme", main));

        // Status over HTTP: the contract's shape.
        var tenant = http["tenants"]!.AsArray().Single(t => (string?)t!["tenant"] == "acme")!;
        Assert.Equal(("acme.main", "1.0.0", main.Digest), ((string?)tenant["pack_id"], (string?)tenant["version"], (string?)tenant["digest"]));
        var overlays = tenant["overlays"]!.AsArray();
        Assert.Equal(("acme.extras", "1.2.0", overlay.Digest),
            ((string?)overlays.Single()!["pack_id"], (string?)overlays.Single()!["version"], (string?)overlays.Single()!["digest"]));
        Assert.EndsWith("Z", (string?)http["last_reload"]);
        Assert.Null(http["last_error"]);
        Assert.Equal(1, cp.Packs.Hits(main.FileName));

        // The same through AdminService (unix socket: a local caller).
        using var channel = cp.Channel();
        var admin = await new AdminService.AdminServiceClient(channel.Invoker).GetPackStatusAsync(new AdminStatusRequest(), null, DateTime.UtcNow.AddSeconds(60)).ResponseAsync;
        var grpcTenant = admin.Tenants.Single(t => t.Tenant == "acme");
        Assert.Equal(("acme.main", "1.0.0", main.Digest), (grpcTenant.PackId, grpcTenant.Version, grpcTenant.Digest));
        Assert.Equal([overlay.Digest], grpcTenant.Overlays.Select(o => o.Digest));
        Assert.Equal("", admin.LastError);
        Assert.Equal((string?)http["last_reload"], admin.LastReload);

        // The distributor resolves the component and serves its bytes by digest from the cache.
        var acme = new DistributorCalls(cp, channel, "acme");
        var echo = await acme.ResolveComponentAsync("echo", packId: "acme.main", version: "1.0.0", tenantId: "acme", environmentId: "dev");
        Assert.Equal(ComponentStatus.Ready, echo.ComponentStatus);
        Assert.Equal(DistributorCalls.Sha256(main.Wasm["echo"]), echo.Digest);
        Assert.Equal("file", echo.ArtifactLocation.Kind);
        Assert.StartsWith(cp.CacheDir, echo.ArtifactLocation.Value);
        Assert.Equal(main.Wasm["echo"], await File.ReadAllBytesAsync(echo.ArtifactLocation.Value));
        Assert.True(echo.SignatureSummary.Verified);
        Assert.Equal(cp.PackKey.KeyId, echo.SignatureSummary.Signer);
        Assert.Equal(200_000UL, echo.CacheInfo.SizeBytes);
        Assert.EndsWith("Z", echo.CacheInfo.LastRefreshedUtc);
        var secret = Assert.Single(echo.SecretRequirements);
        Assert.Equal(("MAIN_TOKEN", true, SecretFormat.Text), (secret.Key, secret.Required, secret.Format));

        var bytes = await acme.GetByDigestAsync(echo.Digest);
        Assert.Equal(echo.Digest, DistributorCalls.Sha256(bytes));
        Assert.Equal(main.Wasm["echo"], bytes);

        // Whole packs by digest and by tag.
        var mainRef = await acme.ResolveRefAsync("acme.main@1.0.0");
        Assert.Equal(main.Digest, mainRef.Digest);
        Assert.Equal((ComponentStatus.Ready, "file"), (mainRef.Metadata.ComponentStatus, mainRef.Metadata.ArtifactLocation.Kind));
        Assert.Equal((ulong)main.Bytes.Length, mainRef.Metadata.CacheInfo.SizeBytes);
        Assert.Equal(main.Digest, (await acme.ResolveRefAsync("acme.main")).Digest);
        Assert.Equal(main.Digest, (await acme.ResolveRefAsync("acme.main:1.0.0")).Digest);
        var packBytes = await acme.GetByDigestAsync(main.Digest);
        Assert.Equal(main.Bytes, packBytes);
        Assert.Equal(main.Digest, DistributorCalls.Sha256(packBytes));
        var byDigest = await acme.ResolveRefAsync(overlay.Digest);
        Assert.Equal("EXTRAS_TOKEN", byDigest.Metadata.SecretRequirements.Single().Key);
        Assert.Equal(overlay.Digest, byDigest.Digest);

        // Pack status, v1 and v2.
        Assert.Equal("ready", (await acme.PackStatusAsync("acme.extras", tenantId: "acme")).Status);
        var v2 = await acme.PackStatusV2Async("acme.extras");
        Assert.Equal("ready", v2.Status);
        Assert.Equal("EXTRAS_TOKEN", v2.SecretRequirements.Single().Key);
        var extra = JsonNode.Parse(v2.ExtraJson)!;
        Assert.Equal(("overlay", "1.2.0", overlay.Digest, true), ((string?)extra["role"], (string?)extra["version"], (string?)extra["digest"], (bool)extra["signature_verified"]!));
        Assert.Equal("main", (string?)JsonNode.Parse((await acme.PackStatusV2Async("acme.main")).ExtraJson)!["role"]);
    }

    [Fact]
    public async Task Overlays_take_precedence_in_index_order()
    {
        var main = cp.Builder.Build("acme.base", "1.0.0", new Dictionary<string, int> { ["echo"] = 500, ["router"] = 500 },
            new Dictionary<string, string> { ["welcome"] = "base-welcome", ["help"] = "base-help" }, seed: "precedence");
        var first = cp.Builder.Build("acme.first", "1.0.0", new Dictionary<string, int> { ["echo"] = 600, ["shared"] = 700 },
            new Dictionary<string, string> { ["welcome"] = "first-welcome" }, seed: "precedence");
        var second = cp.Builder.Build("acme.second", "1.0.0", new Dictionary<string, int> { ["shared"] = 800 },
            new Dictionary<string, string> { ["welcome"] = "second-welcome", ["bye"] = "second-bye" }, seed: "precedence");
        using var channel = cp.Channel();
        var acme = new DistributorCalls(cp, channel, "acme");

        cp.PublishIndex(("acme", main, [first, second]));
        await cp.ReloadAsync(PacksControlPlane.Loaded("acme", main));
        Assert.Equal(DistributorCalls.Sha256(first.Wasm["echo"]), (await acme.ResolveComponentAsync("echo")).Digest);
        Assert.Equal(DistributorCalls.Sha256(second.Wasm["shared"]), (await acme.ResolveComponentAsync("shared")).Digest);
        Assert.Equal(DistributorCalls.Sha256(main.Wasm["router"]), (await acme.ResolveComponentAsync("router")).Digest);
        var flows = cp.Runtime.Current["acme"]!.Flows;
        Assert.Equal(("acme.second", "acme.base", "acme.second"), (flows["welcome"].Source.PackId, flows["help"].Source.PackId, flows["bye"].Source.PackId));
        Assert.Contains("second-welcome", flows["welcome"].Flow.FlowJson);

        // A component shadowed by an overlay is not the tenant's from the main pack: the message says where it comes from.
        var shadowed = await Assert.ThrowsAsync<RpcException>(() => acme.ResolveComponentAsync("echo", packId: "acme.base"));
        Assert.Equal(StatusCode.NotFound, shadowed.StatusCode);
        Assert.Contains("acme.first", shadowed.Status.Detail);

        // The same packs with the overlays swapped: the later one wins again.
        var swappedMain = cp.Builder.Build("acme.base", "1.0.1", new Dictionary<string, int> { ["echo"] = 500, ["router"] = 500 }, NoFlows, seed: "precedence-2");
        cp.PublishIndex(("acme", swappedMain, [second, first]));
        await cp.ReloadAsync(PacksControlPlane.Loaded("acme", swappedMain));
        Assert.Equal(DistributorCalls.Sha256(first.Wasm["shared"]), (await acme.ResolveComponentAsync("shared")).Digest);
        Assert.Equal("acme.first", cp.Runtime.Current["acme"]!.Flows["welcome"].Source.PackId);
        var status = await cp.StatusAsync();
        var overlays = status["tenants"]!.AsArray().Single(t => (string?)t!["tenant"] == "acme")!["overlays"]!.AsArray();
        Assert.Equal(["acme.second", "acme.first"], overlays.Select(o => (string?)o!["pack_id"]));
        Assert.Equal(PackDigest.Sha256(second.Bytes), (string?)overlays[0]!["digest"]);
    }
}
