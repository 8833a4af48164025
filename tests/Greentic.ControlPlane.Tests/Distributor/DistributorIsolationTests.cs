using Greentic.Distributor.V1;
using Grpc.Core;
using Greentic.Types.V1;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>
/// A tenant sees only its own packs: naming another tenant is PERMISSION_DENIED, and another tenant's pack, component,
/// ref or digest is NOT_FOUND with a message that names nothing of the other tenant. Bad input gets INVALID_ARGUMENT.
/// </summary>
[Collection(PacksControlPlaneCollection.Name)]
public sealed class DistributorIsolationTests(PacksControlPlane cp)
{
    private async Task<(BuiltPack Acme, BuiltPack Globex)> LoadTwoTenantsAsync()
    {
        var acme = cp.Builder.Build("acme.app", "1.0.0", new Dictionary<string, int> { ["echo"] = 700 },
            new Dictionary<string, string> { ["welcome"] = "acme" }, seed: "isolation");
        var globex = cp.Builder.Build("globex.secret-plans", "3.0.0", new Dictionary<string, int> { ["globex-only"] = 900 },
            new Dictionary<string, string> { ["welcome"] = "globex" }, seed: "isolation");
        cp.PublishIndex(("acme", acme, []), ("globex", globex, []));
        await cp.ReloadAsync(s => PacksControlPlane.Loaded("acme", acme)(s) && PacksControlPlane.Loaded("globex", globex)(s));
        return (acme, globex);
    }

    [Fact]
    public async Task Another_tenants_packs_components_refs_and_digests_are_not_found_and_not_described()
    {
        var (acmePack, globexPack) = await LoadTwoTenantsAsync();
        using var channel = cp.Channel();
        var acme = new DistributorCalls(cp, channel, "acme");
        var globex = new DistributorCalls(cp, channel, "globex");
        var globexComponent = DistributorCalls.Sha256(globexPack.Wasm["globex-only"]);

        // The owner can reach everything.
        Assert.Equal(globexComponent, (await globex.ResolveComponentAsync("globex-only")).Digest);
        Assert.Equal(globexPack.Bytes, await globex.GetByDigestAsync(globexPack.Digest));

        // What the caller sent may be echoed back; nothing else about globex may appear.
        var attempts = new (string What, string[] Sent, Func<Task> Call)[]
        {
            ("get-by-digest of the pack", [globexPack.Digest], () => acme.GetByDigestAsync(globexPack.Digest)),
            ("get-by-digest of a component", [globexComponent], () => acme.GetByDigestAsync(globexComponent)),
            ("resolve-ref by digest", [globexPack.Digest], () => acme.ResolveRefAsync(globexPack.Digest)),
            ("resolve-ref by tag", ["globex.secret-plans@3.0.0"], () => acme.ResolveRefAsync("globex.secret-plans@3.0.0")),
            ("resolve-component", ["globex-only"], () => acme.ResolveComponentAsync("globex-only")),
            ("resolve-component in the pack", ["globex-only", "globex.secret-plans"],
                () => acme.ResolveComponentAsync("globex-only", packId: "globex.secret-plans")),
            ("get-pack-status", ["globex.secret-plans"], () => acme.PackStatusAsync("globex.secret-plans")),
            ("get-pack-status-v2", ["globex.secret-plans"], () => acme.PackStatusV2Async("globex.secret-plans")),
            ("warm-pack", ["globex.secret-plans"], () => acme.WarmPackAsync("globex.secret-plans")),
        };
        foreach (var (what, sent, call) in attempts)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(ex.StatusCode == StatusCode.NotFound, $"{what}: expected NOT_FOUND, got {ex.StatusCode}: {ex.Status.Detail}");
            Assert.Contains("tenant 'acme'", ex.Status.Detail);
            var rest = sent.OrderByDescending(x => x.Length).Aggregate(ex.Status.Detail, (d, x) => d.Replace(x, "", StringComparison.Ordinal));
            Assert.DoesNotContain("globex", rest);
            Assert.DoesNotContain("3.0.0", rest);
            Assert.DoesNotContain(globexPack.Digest[7..], rest);
            Assert.DoesNotContain(globexComponent[7..], rest);
        }
        // The message lists the caller's own packs, so the fix is obvious.
        var listed = await Assert.ThrowsAsync<RpcException>(() => acme.PackStatusAsync("nope"));
        Assert.Contains($"acme.app@{acmePack.Version}", listed.Status.Detail);
    }

    [Fact]
    public async Task Naming_another_tenant_is_permission_denied_and_no_credentials_is_unauthenticated()
    {
        await LoadTwoTenantsAsync();
        using var channel = cp.Channel();
        var acme = new DistributorCalls(cp, channel, "acme");

        var wrongTenantId = await Assert.ThrowsAsync<RpcException>(() => acme.PackStatusAsync("globex.secret-plans", tenantId: "globex"));
        Assert.Equal(StatusCode.PermissionDenied, wrongTenantId.StatusCode);
        Assert.Contains("tenant_id 'globex'", wrongTenantId.Status.Detail);

        var wrongResolve = await Assert.ThrowsAsync<RpcException>(() => acme.ResolveComponentAsync("globex-only", tenantId: "globex"));
        Assert.Equal(StatusCode.PermissionDenied, wrongResolve.StatusCode);

        // An acme token naming globex in the tenant context is refused by the call guard.
        var impostor = new DistributorCalls(cp, channel, "globex", bearerTenant: "acme");
        var denied = await Assert.ThrowsAsync<RpcException>(() => impostor.ResolveRefAsync("globex.secret-plans"));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var anonymous = new DistributorService.DistributorServiceClient(channel.Invoker);
        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => anonymous.ResolveRefAsync(
            new ResolveRefRequest { Ctx = new TenantCtx { Env = "dev", Tenant = "acme" }, Ref = "acme.app" }, null, DateTime.UtcNow.AddSeconds(60)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_invalid_argument_with_a_message_that_says_what_to_fix()
    {
        await LoadTwoTenantsAsync();
        using var channel = cp.Channel();
        var acme = new DistributorCalls(cp, channel, "acme");
        var cases = new (string Expect, Func<Task> Call)[]
        {
            ("component_id is required", () => acme.ResolveComponentAsync("")),
            ("pack_id is required", () => acme.PackStatusAsync("")),
            ("ref is required", () => acme.ResolveRefAsync("  ")),
            ("digest is required", () => acme.GetByDigestAsync("")),
            ("sha256:<64 lowercase hex digits>", () => acme.GetByDigestAsync("sha256:XYZ")),
            ("sha256:<64 lowercase hex digits>", () => acme.GetByDigestAsync("md5:abc")),
            ("sha256:<64 lowercase hex digits>", () => acme.ResolveRefAsync("sha256:" + new string('A', 64))),
            ("extra_json is not valid JSON", () => acme.ResolveComponentAsync("echo", extraJson: "{not json")),
            ("serves env 'dev'", () => acme.ResolveComponentAsync("echo", environmentId: "prod")),
        };
        foreach (var (expect, call) in cases)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(ex.StatusCode == StatusCode.InvalidArgument, $"'{expect}': got {ex.StatusCode}: {ex.Status.Detail}");
            Assert.Contains(expect, ex.Status.Detail);
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => acme.ResolveComponentAsync("nope"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("its components are: echo", unknown.Status.Detail);
        var wrongVersion = await Assert.ThrowsAsync<RpcException>(() => acme.ResolveComponentAsync("echo", version: "9.9.9"));
        Assert.Equal(StatusCode.NotFound, wrongVersion.StatusCode);
        Assert.Contains("is version 1.0.0, not 9.9.9", wrongVersion.Status.Detail);
        var unknownRef = await Assert.ThrowsAsync<RpcException>(() => acme.ResolveRefAsync("acme.app@2.0.0"));
        Assert.Equal(StatusCode.NotFound, unknownRef.StatusCode);
        Assert.Contains("acme.app@1.0.0", unknownRef.Status.Detail);
        var longRef = await Assert.ThrowsAsync<RpcException>(() => acme.ResolveRefAsync(new string('x', 10_000)));
        Assert.True(longRef.Status.Detail.Length < 600, "a hostile ref must not be echoed in full");

        // A tenant the index does not name has no packs at all.
        var stranger = new DistributorCalls(cp, channel, "initech");
        var none = await Assert.ThrowsAsync<RpcException>(() => stranger.ResolveComponentAsync("echo"));
        Assert.Equal(StatusCode.NotFound, none.StatusCode);
        Assert.Contains("no packs are loaded for tenant 'initech'", none.Status.Detail);
    }
}
