using Greentic.TestSupport;
using System.Text;
using Greentic.ComponentHost.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Greentic.ComponentHost.Tests;

/// <summary>The hostio sample reaches secrets, state, http and telemetry through the host, scoped to its call.</summary>
public sealed class HostImportTests
{
    private static string RunInput(string tenantTag, Uri url, string stateKey = "counter") =>
        $"{{\"secret\":\"API_TOKEN\",\"state_key\":\"{stateKey}\",\"state_value\":\"{tenantTag}\",\"url\":\"{url}\"}}";

    [Fact]
    public async Task Secrets_state_http_and_telemetry_reach_the_host_with_the_calls_tenant()
    {
        await using var server = await LoopbackHttpServer.StartAsync((ctx, _) => ctx.Response.WriteAsync("pong from fake"));
        using var engine = new ComponentEngine();
        using var hostio = engine.LoadSample("hostio", HostCapabilities.All);
        var state = new InMemoryState();
        await state.WriteAsync("counter", Calls.Utf8("before"), default);
        var logger = new CapturingLogger();
        using var egress = new HttpClientEgress(new HostPortAllowList([$"127.0.0.1:{server.Port}"]));
        var context = Calls.Context(logger, new DictionarySecrets(new Dictionary<string, string> { ["API_TOKEN"] = "s3cr3t" }), state, egress);

        var output = Calls.Json(hostio.Invoke(context, "run", Calls.Utf8(RunInput("acme-value", new Uri(server.BaseUri, "/ping")))));

        Assert.Equal("s3cr3t", (string?)output["secret"]!["value"]);
        Assert.Equal("before", (string?)output["state_before"]!["value"]);
        Assert.True((bool?)output["write"]!["ok"]);
        Assert.Equal("acme-value", (string?)output["state_after"]!["value"]);
        Assert.True((bool?)output["delete"]!["ok"]);
        Assert.Empty(state.Snapshot);
        Assert.Equal(200, (int?)output["http"]!["status"]);
        Assert.Equal("pong from fake", (string?)output["http"]!["body"]);
        var seen = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/ping", "text/plain"), (seen.Method, seen.Path, seen.Headers["accept"]));
        Assert.Contains(logger.Messages, m => m.Contains("guest log [dev/acme/ops]") && m.Contains("event=hostio.invoke") && m.Contains("op=run"));
    }

    [Fact]
    public void A_missing_secret_is_none_and_egress_is_denied_by_default()
    {
        using var engine = new ComponentEngine();
        using var hostio = engine.LoadSample("hostio", HostCapabilities.All);
        var output = Calls.Json(hostio.Invoke(Calls.Context(state: new InMemoryState()), "run",
            Calls.Utf8(RunInput("x", new Uri("http://127.0.0.1:9/")))));
        Assert.False((bool?)output["secret"]!["found"]);
        Assert.Equal("not-found", (string?)output["state_before"]!["error"]!["code"]);
        Assert.Equal("denied", (string?)output["http"]!["error"]!["code"]);
    }

    [Fact]
    public async Task Egress_to_a_host_not_allowed_is_refused_without_a_request_and_redirects_are_rechecked()
    {
        await using var target = await LoopbackHttpServer.StartAsync((ctx, _) => ctx.Response.WriteAsync("should not be reached"));
        await using var redirector = await LoopbackHttpServer.StartAsync((ctx, _) =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = new Uri(target.BaseUri, "/secret-place").ToString();
            return Task.CompletedTask;
        });
        using var engine = new ComponentEngine();
        using var hostio = engine.LoadSample("hostio", HostCapabilities.All);
        using var egress = new HttpClientEgress(new HostPortAllowList([$"127.0.0.1:{redirector.Port}"]));

        var direct = Calls.Json(hostio.Invoke(Calls.Context(http: egress), "http", Calls.Utf8($"{{\"url\":\"{target.BaseUri}\"}}")));
        Assert.Equal("denied", (string?)direct["http"]!["error"]!["code"]);
        var redirected = Calls.Json(hostio.Invoke(Calls.Context(http: egress), "http", Calls.Utf8($"{{\"url\":\"{redirector.BaseUri}\"}}")));
        Assert.Equal("denied", (string?)redirected["http"]!["error"]!["code"]);
        Assert.Empty(target.Requests);
        Assert.Single(redirector.Requests);
    }

    [Fact]
    public async Task A_response_over_the_cap_and_a_slow_server_are_host_errors_not_hangs()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async (ctx, _) =>
        {
            if (ctx.Request.Path == "/slow") await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            else await ctx.Response.WriteAsync(new string('z', 200_000));
        });
        using var engine = new ComponentEngine();
        using var hostio = engine.LoadSample("hostio", HostCapabilities.All);
        using var egress = new HttpClientEgress(new HostPortAllowList([$"127.0.0.1:{server.Port}"]),
            new HttpEgressOptions { MaxResponseBytes = 100_000, Timeout = TimeSpan.FromSeconds(3) });
        var big = Calls.Json(hostio.Invoke(Calls.Context(http: egress), "http", Calls.Utf8($"{{\"url\":\"{new Uri(server.BaseUri, "/big")}\"}}")));
        Assert.Equal("too-large", (string?)big["http"]!["error"]!["code"]);
        var slow = Calls.Json(hostio.Invoke(Calls.Context(http: egress), "http", Calls.Utf8($"{{\"url\":\"{new Uri(server.BaseUri, "/slow")}\"}}")));
        Assert.Equal("timeout", (string?)slow["http"]!["error"]!["code"]);
    }

    [Fact]
    public void State_is_not_linked_without_the_grant_and_the_load_error_names_the_import()
    {
        using var engine = new ComponentEngine();
        var e = Assert.Throws<ComponentException>(() => engine.LoadSample("hostio", HostCapabilities.Default));
        Assert.Equal(ComponentErrorKind.UnsatisfiedImport, e.Kind);
        Assert.Equal("greentic:state/state-store@1.0.0", e.Subject);
        Assert.Contains("greentic:state/state-store@1.0.0", e.Message);
    }

    [Fact]
    public void Read_only_state_refuses_writes()
    {
        using var engine = new ComponentEngine();
        using var hostio = engine.LoadSample("hostio", HostCapabilities.Default | HostCapabilities.StateRead);
        var output = Calls.Json(hostio.Invoke(Calls.Context(state: new InMemoryState()), "state",
            Calls.Utf8("{\"state_key\":\"k\",\"state_value\":\"v\"}")));
        Assert.Equal("denied", (string?)output["write"]!["error"]!["code"]);
    }

    [Fact]
    public void Concurrent_calls_each_see_only_their_own_tenants_secrets_and_state()
    {
        using var engine = new ComponentEngine();
        using var hostio = engine.LoadSample("hostio", HostCapabilities.All);
        var tenants = Enumerable.Range(0, 8).Select(i => new
        {
            Scope = new TenantScope("dev", $"tenant-{i}"),
            Secrets = new DictionarySecrets(new Dictionary<string, string> { ["API_TOKEN"] = $"token-of-{i}" }),
            State = new InMemoryState(),
        }).ToArray();
        var results = Enumerable.Range(0, 64).AsParallel().WithDegreeOfParallelism(8).Select(n =>
        {
            var t = tenants[n % tenants.Length];
            var context = Calls.Context(secrets: t.Secrets, state: t.State, tenant: t.Scope);
            // A key per call: calls of one tenant run concurrently, and `run` deletes the key it wrote.
            var output = Calls.Json(hostio.Invoke(context, "run", Calls.Utf8(RunInput(t.Scope.Tenant, new Uri("http://127.0.0.1:9/"), $"counter-{n}"))));
            return ((string?)output["secret"]!["value"] == $"token-of-{n % tenants.Length}")
                && ((string?)output["state_after"]!["value"] == t.Scope.Tenant);
        }).ToList();
        Assert.All(results, Assert.True);
    }
}
