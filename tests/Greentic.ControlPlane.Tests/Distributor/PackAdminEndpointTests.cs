using System.Net;
using Greentic.Admin.V1;
using Grpc.Core;

namespace Greentic.ControlPlane.Tests.Distributor;

/// <summary>
/// GET /admin/packs/status, POST /admin/packs/reload and AdminService with ADMIN_TOKEN set: the bearer is required
/// from everyone (loopback included), a wrong one is 401 / UNAUTHENTICATED, and refusals never echo the token.
/// </summary>
public sealed class PackAdminEndpointTests(TokenPacksControlPlane cp) : IClassFixture<TokenPacksControlPlane>
{
    private const string WrongToken = "not-the-admin-token";

    [Fact]
    public async Task Http_admin_endpoints_require_the_bearer_token()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/admin/packs/status"), (HttpMethod.Post, "/admin/packs/reload") })
        {
            foreach (var bearer in new string?[] { null, WrongToken, "" })
            {
                using var response = await cp.Http.SendAsync(cp.AdminRequest(method, path, bearer));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with '{bearer}': {(int)response.StatusCode} {body}");
                Assert.Contains("error", body);
                Assert.DoesNotContain(TokenPacksControlPlane.Secret, body);
            }
        }

        var pack = cp.Builder.Build("acme.admin", "1.0.0", new Dictionary<string, int> { ["echo"] = 300 },
            new Dictionary<string, string> { ["welcome"] = "admin" }, seed: "admin");
        cp.PublishIndex(("acme", pack, []));
        var status = await cp.ReloadAsync(PacksControlPlane.Loaded("acme", pack), TokenPacksControlPlane.Secret);
        Assert.Equal("acme.admin", (string?)status["tenants"]![0]!["pack_id"]);
    }

    [Fact]
    public async Task Admin_service_requires_the_bearer_token_even_on_the_local_socket()
    {
        using var channel = cp.Channel();
        var admin = new AdminService.AdminServiceClient(channel.Invoker);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var headers in new Metadata?[] { null, new() { { "authorization", "Bearer " + WrongToken } } })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => admin.GetPackStatusAsync(new GetPackStatusRequest(), headers, deadline).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
            Assert.DoesNotContain(TokenPacksControlPlane.Secret, ex.Status.Detail);
            var reload = await Assert.ThrowsAsync<RpcException>(() => admin.ReloadPacksAsync(new ReloadPacksRequest(), headers, deadline).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, reload.StatusCode);
        }
        var good = new Metadata { { "authorization", "Bearer " + TokenPacksControlPlane.Secret } };
        Assert.True((await admin.ReloadPacksAsync(new ReloadPacksRequest(), good, deadline).ResponseAsync).Accepted);
        await admin.GetPackStatusAsync(new GetPackStatusRequest(), good, deadline).ResponseAsync;
    }
}

/// <summary>Without ADMIN_TOKEN the admin surface answers local callers: loopback HTTP and the Unix socket.</summary>
[Collection(PacksControlPlaneCollection.Name)]
public sealed class PackAdminLoopbackTests(PacksControlPlane cp)
{
    [Fact]
    public async Task Without_admin_token_loopback_and_unix_socket_callers_are_admitted()
    {
        Assert.StartsWith("http://127.0.0.1:", cp.HttpAddress);
        using (var response = await cp.Http.SendAsync(cp.AdminRequest(HttpMethod.Get, "/admin/packs/status")))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var channel = cp.Channel();
        var admin = new AdminService.AdminServiceClient(channel.Invoker);
        await admin.GetPackStatusAsync(new GetPackStatusRequest(), null, DateTime.UtcNow.AddSeconds(60)).ResponseAsync;
        Assert.True((await admin.ReloadPacksAsync(new ReloadPacksRequest(), null, DateTime.UtcNow.AddSeconds(60)).ResponseAsync).Accepted);
    }
}

/// <summary>A <see cref="PacksControlPlane"/> with ADMIN_TOKEN set.</summary>
public sealed class TokenPacksControlPlane : PacksControlPlane
{
    public const string Secret = "admin-secret-for-tests-7f3a";

    protected override string? AdminToken => Secret;
}
