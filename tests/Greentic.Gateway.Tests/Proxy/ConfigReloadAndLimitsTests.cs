using System.Net;
using System.Text;
using Grpc.Core;
using Greentic.Gateway.Tests.Support;
using static Greentic.Gateway.Tests.Proxy.ProxyTestSupport;

namespace Greentic.Gateway.Tests.Proxy;

public sealed class ConfigReloadAndLimitsTests
{
    private static string ProxyFile(string destinationName, string address, string clusterForRoute = "cp") => $$"""
        {
          "Routes": { "grpc": { "ClusterId": "{{clusterForRoute}}", "Match": { "Path": "/{**grpc-path}" } } },
          "Clusters": { "cp": { "LoadBalancingPolicy": "RoundRobin", "Destinations": { "{{destinationName}}": { "Address": "{{address}}" } } } }
        }
        """;

    [Fact]
    public async Task A_good_change_is_applied_and_a_bad_one_keeps_the_last_good_config_with_the_reason_in_admin_status()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        await using var b = await ControlPlaneStandIn.StartAsync("b", requireToken: false);
        var file = Path.Combine(Path.GetTempPath(), $"gateway-proxy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, ProxyFile("a", a.Address));
        try
        {
            await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
            {
                ["Greentic:Gateway:Proxy:ConfigFile"] = file,
                ["Greentic:Gateway:Proxy:PollInterval"] = "00:00:00.200",
            });
            Assert.All(await DescribeManyAsync(gateway.Channel, 4), r => Assert.Equal("a", r));
            var first = (await StatusAsync(gateway)).GetProperty("proxy").GetProperty("version").GetString();

            // Good change: applied.
            await File.WriteAllTextAsync(file, ProxyFile("b", b.Address));
            await EventuallyAsync(async () => (await DescribeReplicaAsync(gateway.Channel)) == "b", "calls reach b after the reload");
            var second = (await StatusAsync(gateway)).GetProperty("proxy");
            Assert.NotEqual(first, second.GetProperty("version").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("last_error").ValueKind);

            // Broken JSON: kept, and said why.
            await File.WriteAllTextAsync(file, """{ "Routes": { "grpc": { "ClusterId": "cp", """);
            await EventuallyAsync(async () => (await StatusAsync(gateway)).GetProperty("proxy").GetProperty("last_error").ValueKind == System.Text.Json.JsonValueKind.String,
                "the broken file is reported");
            var broken = (await StatusAsync(gateway)).GetProperty("proxy");
            Assert.Equal(second.GetProperty("version").GetString(), broken.GetProperty("version").GetString());
            Assert.Contains(file, broken.GetProperty("last_error").GetString());
            Assert.All(await DescribeManyAsync(gateway.Channel, 4), r => Assert.Equal("b", r));

            // Valid JSON, invalid config (a route to a cluster that does not exist): kept, and said why.
            await File.WriteAllTextAsync(file, ProxyFile("a", a.Address, clusterForRoute: "missing"));
            await EventuallyAsync(async () => (await StatusAsync(gateway)).GetProperty("proxy").GetProperty("last_error").GetString()!.Contains("does not exist"),
                "the dangling route is reported");
            Assert.All(await DescribeManyAsync(gateway.Channel, 4), r => Assert.Equal("b", r));
            Assert.Contains(gateway.Logs.Lines, l => l.Contains("Proxy configuration rejected", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Admin_endpoints_require_the_admin_token_when_one_is_set()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?> { ["ADMIN_TOKEN"] = "s3cr3t-admin" });

        var none = await gateway.Http.GetAsync("/admin/gateway/status");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/gateway/status") { Headers = { Authorization = new("Bearer", "guess") } };
        var wrongResponse = await gateway.Http.SendAsync(wrong);
        var right = await StatusAsync(gateway, "s3cr3t-admin");
        var health = await gateway.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, right.GetProperty("proxy").ValueKind);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.DoesNotContain("s3cr3t-admin", gateway.Logs.All);
    }

    [Fact]
    public async Task Each_tenant_has_its_own_rate_limit_and_gRPC_callers_get_RESOURCE_EXHAUSTED()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        var settings = Cluster("RoundRobin", grpcHealth: false, a);
        settings["Greentic:Gateway:RateLimits:Tenants:limited:TokenLimit"] = "2";
        settings["Greentic:Gateway:RateLimits:Tenants:limited:TokensPerPeriod"] = "1";
        settings["Greentic:Gateway:RateLimits:Tenants:limited:ReplenishmentPeriod"] = "01:00:00";
        await using var gateway = await GatewayUnderTest.StartAsync(settings);
        var limited = new Metadata { { "x-greentic-tenant", "limited" } };
        var other = new Metadata { { "x-greentic-tenant", "other" } };

        await DescribeReplicaAsync(gateway.Channel, limited);
        await DescribeReplicaAsync(gateway.Channel, limited);
        var refused = await Assert.ThrowsAsync<RpcException>(() => DescribeReplicaAsync(gateway.Channel, limited));
        // The same tenant named by a bearer token's claim shares the bucket (the token is not verified here).
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"sub":"svc","tenant":"limited"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var byToken = await Assert.ThrowsAsync<RpcException>(() =>
            DescribeReplicaAsync(gateway.Channel, new Metadata { { "authorization", $"Bearer eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln" } }));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("tenant 'limited' is over its request rate limit", refused.Status.Detail);
        Assert.Equal(StatusCode.ResourceExhausted, byToken.StatusCode);
        Assert.Equal("a", await DescribeReplicaAsync(gateway.Channel, other));
    }

    [Fact]
    public async Task Rate_limits_turned_off_let_everything_through_and_turned_on_by_a_reload_apply_at_once()
    {
        await using var a = await ControlPlaneStandIn.StartAsync("a", requireToken: false);
        var settings = Cluster("RoundRobin", grpcHealth: false, a);
        settings["Greentic:Gateway:RateLimits:Enabled"] = "false";
        settings["Greentic:Gateway:RateLimits:Tenants:limited:TokenLimit"] = "1";
        settings["Greentic:Gateway:RateLimits:Tenants:limited:TokensPerPeriod"] = "1";
        settings["Greentic:Gateway:RateLimits:Tenants:limited:ReplenishmentPeriod"] = "01:00:00";
        await using var gateway = await GatewayUnderTest.StartAsync(settings);
        var limited = new Metadata { { "x-greentic-tenant", "limited" } };

        for (var i = 0; i < 3; i++) Assert.Equal("a", await DescribeReplicaAsync(gateway.Channel, limited));

        var configuration = (Microsoft.Extensions.Configuration.IConfigurationRoot)gateway.App.Configuration;
        configuration["Greentic:Gateway:RateLimits:Enabled"] = "true";
        configuration.Reload();

        Assert.Equal("a", await DescribeReplicaAsync(gateway.Channel, limited));
        var refused = await Assert.ThrowsAsync<RpcException>(() => DescribeReplicaAsync(gateway.Channel, limited));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task A_webhook_tenant_over_its_limit_gets_429_with_Retry_After()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(new Dictionary<string, string?>
        {
            ["Greentic:Gateway:RateLimits:Tenants:busy:TokenLimit"] = "1",
            ["Greentic:Gateway:RateLimits:Tenants:busy:TokensPerPeriod"] = "1",
            ["Greentic:Gateway:RateLimits:Tenants:busy:ReplenishmentPeriod"] = "01:00:00",
            ["Greentic:Gateway:Proxy:Clusters:none:Destinations:d:Address"] = "http://127.0.0.1:9",
        });

        var first = await gateway.Http.PostAsync("/messaging/telegram/webhook/busy", new StringContent("{}"));
        var second = await gateway.Http.PostAsync("/messaging/telegram/webhook/busy", new StringContent("{}"));
        var otherTenant = await gateway.Http.PostAsync("/messaging/telegram/webhook/calm", new StringContent("{}"));

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.True(second.Headers.RetryAfter is not null);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, otherTenant.StatusCode);
    }
}
